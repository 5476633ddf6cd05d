using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>One line of an endpoint's delivery log; <see cref="LastDurationMs"/> is how long the receiver took to answer its latest try.</summary>
public sealed record WebhookDeliveryRow(
    long Id,
    int EndpointId,
    string MessageId,
    string EventType,
    WebhookDeliveryState State,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    double? LastDurationMs,
    DateTime CreatedAt,
    DateTime? LastAttemptAt,
    DateTime? NextAttemptAt);
