namespace NewsClassifier.Application.Imports;

/// <summary>A labelled file read in full: its valid rows, or the problems that make it unusable.</summary>
public sealed record LabelledFile(
    ImportFormat Format,
    bool HasHeader,
    IReadOnlyList<string> LabelNames,
    int RowsRead,
    IReadOnlyList<LabelledRow> Rows,
    int ProblemCount,
    IReadOnlyList<RowProblem> Problems)
{
    public bool IsValid => ProblemCount == 0 && Rows.Count > 0;
}
