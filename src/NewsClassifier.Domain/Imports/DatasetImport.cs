namespace NewsClassifier.Domain.Imports;

/// <summary>
/// One import of a file into a new dataset, tracked in the database so progress and the validation
/// report survive restarts (in-memory job storage forgets jobs, the database does not).
/// </summary>
public sealed class DatasetImport
{
    public int Id { get; set; }
    public required string DatasetName { get; set; }
    public ImportSourceKind SourceKind { get; set; }
    /// <summary>Path on the server, URL, or original file name of an upload.</summary>
    public required string Source { get; set; }
    /// <summary>Where an upload or download was staged on the server before reading.</summary>
    public string? StagedPath { get; set; }
    /// <summary>The format and column mapping as JSON (see the Data project's ImportSpec).</summary>
    public string SpecJson { get; set; } = "{}";
    public ImportState State { get; set; }
    public string? JobId { get; set; }
    /// <summary>Times this work started (counted and saved as it starts, before the heavy part) and did not end in a
    /// graceful host stop. At a restart, an unfinished row's count is how often the process died while it ran: recovery
    /// fails it instead of starting it again once that reaches <c>Jobs:MaxCrashAttempts</c>.</summary>
    public int Attempts { get; set; }
    public long BytesTotal { get; set; }
    public long BytesDone { get; set; }
    public int RowsRead { get; set; }
    public int? DatasetId { get; set; }
    /// <summary>One-line outcome for lists ("6,000 articles imported", "12 rows refused").</summary>
    public string? Message { get; set; }
    /// <summary>The validation report as JSON: row-level problems and duplicates.</summary>
    public string? ReportJson { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}
