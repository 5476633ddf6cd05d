namespace NewsClassifier.Domain.Webhooks;

/// <summary>The events an endpoint can subscribe to (the <c>type</c> field of every payload).</summary>
public static class WebhookEvents
{
    public const string RunFinished = "run.finished";
    public const string RunFailed = "run.failed";
    public const string AliasMoved = "alias.moved";
    public const string ScheduleDecision = "schedule.decision";
    public const string ImportFinished = "import.finished";
    public const string ReviewItem = "review.item";

    public static readonly IReadOnlyList<string> All = [RunFinished, RunFailed, AliasMoved, ScheduleDecision, ImportFinished, ReviewItem];
}
