namespace NewsClassifier.Application.Snapshots;

public sealed record ClassDelta(string Label, int Before, int After);
