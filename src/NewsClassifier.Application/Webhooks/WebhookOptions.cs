namespace NewsClassifier.Application.Webhooks;

/// <summary>Configuration section "Webhooks": how deliveries to registered endpoints are sent and retried.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Tries per delivery (the first send and its retries) before it is marked Failed.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before the first retry; each later retry waits <see cref="RetryFactor"/> times longer, up to
    /// <see cref="MaxRetrySeconds"/>. The defaults back off 5 s, 30 s, 3 min, 18 min, 1 h: a receiver down for a deploy gets
    /// the event seconds later, one down for the night still gets it, and nobody is hammered.</summary>
    [Range(0.001, 86_400)]
    public double RetryBaseSeconds { get; set; } = 5;

    [Range(1, 100)]
    public double RetryFactor { get; set; } = 6;

    [Range(0.001, 86_400)]
    public double MaxRetrySeconds { get; set; } = 3600;

    /// <summary>A receiver that has not answered (headers) within this long counts as a failed try.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The wait before try number <paramref name="attempt"/> + 1 (attempt counts from 1).</summary>
    public TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(MaxRetrySeconds, RetryBaseSeconds * Math.Pow(RetryFactor, Math.Max(attempt - 1, 0))));
}
