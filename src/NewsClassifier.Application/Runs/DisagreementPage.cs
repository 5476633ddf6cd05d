namespace NewsClassifier.Application.Runs;

/// <param name="ComparedArticles">Validation articles every run predicted (the intersection when snapshots differ).</param>
public sealed record DisagreementPage(IReadOnlyList<Disagreement> Items, int TotalCount, int ComparedArticles);
