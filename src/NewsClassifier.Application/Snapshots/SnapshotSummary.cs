namespace NewsClassifier.Application.Snapshots;

public sealed record SnapshotSummary(int Id, string ShortHash, string ContentHash, DateTime CreatedAt, int ArticleCount, int ValidationCount, int Runs);
