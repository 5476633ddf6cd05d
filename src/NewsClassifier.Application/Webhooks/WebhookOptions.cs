namespace NewsClassifier.Application.Webhooks;

/// <summary>Configuration section "Webhooks": how deliveries to registered endpoints are sent and retried.</summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Webhooks";

    /// <summary>Tries per delivery (the first send and its retries) before it is marked Failed.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Waits before the 2nd, 3rd, ... try; past the end of the list its last entry repeats. The default backs off
    /// 5 s, 30 s, 2 min, 10 min, 1 h: a receiver that is down for a deploy gets the event minutes later, one down for the
    /// night still gets it, and nobody is hammered.</summary>
    public List<double> RetryDelaysSeconds { get; set; } = [5, 30, 120, 600, 3600];

    /// <summary>A receiver that has not answered (headers) within this long counts as a failed try.</summary>
    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 10;

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The wait before try number <paramref name="attempt"/> + 1 (attempt counts from 1).</summary>
    public TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromSeconds(RetryDelaysSeconds.Count == 0 ? 0 : RetryDelaysSeconds[Math.Clamp(attempt - 1, 0, RetryDelaysSeconds.Count - 1)]);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryDelaysSeconds.Count == 0 && MaxAttempts > 1)
            yield return new ValidationResult("Webhooks:RetryDelaysSeconds needs at least one delay when MaxAttempts is above 1.", [nameof(RetryDelaysSeconds)]);
        if (RetryDelaysSeconds.Any(d => double.IsNaN(d) || d <= 0 || d > 86_400))
            yield return new ValidationResult("Webhooks:RetryDelaysSeconds entries are seconds above 0 and at most 86400 (a day).", [nameof(RetryDelaysSeconds)]);
    }
}
