using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>An endpoint as the admin list shows it (never its secret), with how its latest delivery went.</summary>
public sealed record WebhookEndpointRow(
    int Id,
    string Url,
    string? Description,
    IReadOnlyList<string> Events,
    bool Enabled,
    string CreatedBy,
    DateTime CreatedAt,
    WebhookDeliveryState? LastState,
    int? LastStatusCode,
    DateTime? LastDeliveryAt);
