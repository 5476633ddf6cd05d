namespace NewsClassifier.Application.Imports;

/// <summary>What a file looks like before importing it: the detected layout, the first rows (each checked as the import
/// will check it) and a mapping to confirm.</summary>
/// <param name="Columns">Header names, "1", "2", ... without a header, or the JSONL property names.</param>
public sealed record ImportPreview(
    ImportFormat Format,
    bool HasHeader,
    IReadOnlyList<string> Columns,
    IReadOnlyList<PreviewRow> Rows,
    ColumnMapping SuggestedMapping,
    IReadOnlyList<string> Warnings,
    PreviewCheck Check);

/// <summary>One previewed record: its cells (title and text as they will be stored) and, when the import will refuse
/// it, why.</summary>
/// <param name="Row">The file line the record starts on, header included (what the import's report says).</param>
/// <param name="Cleaned">Clean-up changed its title or text (the cells show the cleaned text).</param>
public sealed record PreviewRow(int Row, IReadOnlyList<string> Cells, string? Problem, bool Cleaned)
{
    public bool IsRefused => Problem is not null;
}

/// <summary>The first rows of the file run through the import's own checks with the chosen mapping.</summary>
/// <param name="WholeFile">Every row of the file was checked (the file has at most <see cref="ImportPreviewer.MaxCheckedRows"/>).</param>
/// <param name="Problems">The refused rows found, at most <see cref="ImportPreviewer.MaxListedProblems"/>.</param>
/// <param name="Blocked">Why nothing can be imported as the file and mapping stand (Start is disabled); null otherwise.</param>
public sealed record PreviewCheck(
    int RowsChecked,
    bool WholeFile,
    int RefusedCount,
    IReadOnlyList<RowProblem> Problems,
    int CleanedCount,
    IReadOnlyList<string> LabelNames,
    string? Blocked)
{
    public int ValidCount => RowsChecked - RefusedCount;
}
