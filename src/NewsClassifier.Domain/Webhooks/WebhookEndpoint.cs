namespace NewsClassifier.Domain.Webhooks;

/// <summary>An address another system registered to hear about events (<see cref="WebhookEvents"/>). Deliveries are signed
/// with <see cref="Secret"/> the Standard Webhooks way, so the receiver can tell them from forgeries.</summary>
public sealed class WebhookEndpoint
{
    public const int MaxUrlLength = 2_000;

    public int Id { get; set; }
    public string Url { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>"whsec_" and the base64 key. Kept as it is (not hashed): every delivery is signed with it.</summary>
    public string Secret { get; set; } = "";
    /// <summary>Comma-separated <see cref="WebhookEvents"/> names this endpoint receives.</summary>
    public string Events { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public string CreatedBy { get; set; } = "";
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
}
