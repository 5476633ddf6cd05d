namespace NewsClassifier.Domain.Schedules;

/// <summary>One article of a schedule's frozen evaluation set with the gold label it had when frozen. These articles are
/// kept out of every training snapshot the schedule takes, so champion and challenger are scored on unseen articles.</summary>
public sealed class EvaluationArticle
{
    public int ScheduleId { get; set; }
    public long ArticleId { get; set; }
    public required string Label { get; set; }
}
