namespace NewsClassifier.Domain.Snapshots;

/// <summary>One article of a snapshot, with its label and split as they were when the snapshot was taken.</summary>
public sealed class SnapshotArticle
{
    public int SnapshotId { get; set; }
    public long ArticleId { get; set; }
    public int LabelOrdinal { get; set; }
    public bool IsValidation { get; set; }
}
