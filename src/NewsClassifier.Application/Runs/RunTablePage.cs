namespace NewsClassifier.Application.Runs;

public sealed record RunTablePage(IReadOnlyList<RunRow> Items, int TotalCount);
