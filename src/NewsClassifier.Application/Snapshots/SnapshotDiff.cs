namespace NewsClassifier.Application.Snapshots;

/// <summary>What changed from snapshot A to snapshot B.</summary>
public sealed record SnapshotDiff(
    SnapshotSummary From,
    SnapshotSummary To,
    int Added,
    int Removed,
    int LabelsChanged,
    int SplitChanged,
    IReadOnlyList<ClassDelta> PerClass,
    IReadOnlyList<long> ChangedArticleIds);
