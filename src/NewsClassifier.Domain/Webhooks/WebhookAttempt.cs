namespace NewsClassifier.Domain.Webhooks;

/// <summary>One HTTP try of a delivery, as the delivery log shows it. Written once.</summary>
public sealed record WebhookAttempt(long DeliveryId, DateTime At, int? StatusCode, double DurationMs, string? Error)
{
    public long Id { get; init; }
}
