using NewsClassifier.Application.Datasets;

namespace NewsClassifier.Application.Imports;

/// <param name="Source">What to record as the dataset's origin (original file name, path or URL).</param>
public sealed record ImportRequest(string Path, string DatasetName, ImportSpec Spec, string Source, string? Description = null);

/// <param name="Phase">One of <see cref="ImportPhases"/>.</param>
public sealed record ImportProgress(long BytesRead, long BytesTotal, int RowsRead, string Phase);

public static class ImportPhases
{
    public const string Reading = "Reading";
    /// <summary>Building the full-text index, after the last row (about a quarter of the time).</summary>
    public const string Indexing = "Indexing";
    public const string Committing = "Committing";
    public const string Done = "Done";
}

/// <summary>The outcome of one import. Expected failures (bad rows, name taken, empty file) come back here with
/// <see cref="Succeeded"/> false and nothing saved; only cancellation and unexpected faults throw.</summary>
public sealed record ImportResult(
    bool Succeeded,
    int? DatasetId,
    int ArticleCount,
    int LabelledCount,
    IReadOnlyList<ClassCount> PerClass,
    ImportReport Report,
    string Message);

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

/// <param name="Row">1-based line in the file where the record starts, header included (what an editor shows).</param>
public sealed record RowProblem(int Row, string Reason);

/// <summary>A later row with the same title and text as <paramref name="FirstRow"/>; it was skipped.</summary>
public sealed record DuplicateRow(int Row, int FirstRow, bool DifferentLabel);
