namespace NewsClassifier.Application.Runs;

public sealed record Disagreement(long ArticleId, int DatasetId, string Title, string Actual, IReadOnlyList<RunVerdict> Verdicts);
