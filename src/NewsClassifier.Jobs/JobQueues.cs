namespace NewsClassifier.Jobs;

/// <summary>Hangfire queue names. Long GPU/CPU-bound work goes to "training" so it never starves imports.</summary>
public static class JobQueues
{
    public const string Training = "training";
    public const string Default = "default";

    /// <summary>Webhook sends: short, many, and never stuck behind an hour-long import.</summary>
    public const string Webhooks = "webhooks";
}
