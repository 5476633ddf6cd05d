namespace NewsClassifier.Application.Registry;

public sealed record ModelCardDataset(string Name, int? SnapshotId, string? SnapshotHash, int TrainArticles, int ValidationArticles);
