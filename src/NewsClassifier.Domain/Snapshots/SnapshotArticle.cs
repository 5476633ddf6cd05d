namespace NewsClassifier.Domain.Snapshots;

/// <summary>One article of a snapshot, with its label and split as they were when the snapshot was taken. A snapshot is
/// frozen, so its rows are records nobody changes.</summary>
/// <param name="LabelOrdinal">The label's ordinal in the dataset's label set at snapshot time.</param>
/// <param name="IsValidation">In the validation split (else training).</param>
public sealed record SnapshotArticle(int SnapshotId, long ArticleId, int LabelOrdinal, bool IsValidation);
