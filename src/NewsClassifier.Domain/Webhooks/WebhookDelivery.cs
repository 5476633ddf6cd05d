namespace NewsClassifier.Domain.Webhooks;

/// <summary>One event sent (or to be sent) to one endpoint; retried with backoff until it succeeds or runs out of
/// attempts. Each try is a <see cref="WebhookAttempt"/>.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public int EndpointId { get; set; }
    /// <summary>The <c>webhook-id</c> header: the same on every retry and re-send, so receivers can drop duplicates.</summary>
    public string MessageId { get; set; } = "";
    public string EventType { get; set; } = "";
    /// <summary>The JSON body as sent (signed byte for byte).</summary>
    public string Payload { get; set; } = "";
    public WebhookDeliveryState State { get; set; }
    public int Attempts { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
}

public enum WebhookDeliveryState
{
    Pending,
    Succeeded,
    /// <summary>Every attempt failed; an admin can re-send it.</summary>
    Failed,
}
