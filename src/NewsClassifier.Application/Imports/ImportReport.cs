namespace NewsClassifier.Application.Imports;

/// <summary>Row-level findings. The lists stop at <see cref="MaxListed"/> entries; the counts are exact.</summary>
public sealed record ImportReport(
    int RowsRead,
    int ProblemCount,
    IReadOnlyList<RowProblem> Problems,
    int DuplicateCount,
    IReadOnlyList<DuplicateRow> Duplicates)
{
    public const int MaxListed = 1_000;

    public static ImportReport Empty { get; } = new(0, 0, [], 0, []);
}
