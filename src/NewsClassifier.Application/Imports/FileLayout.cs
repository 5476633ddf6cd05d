namespace NewsClassifier.Application.Imports;

/// <summary>A file's resolved shape: format, delimiter, header and column names ("1", "2", ... without a header).</summary>
internal sealed record FileLayout(
    ImportFormat Format,
    char Delimiter,
    bool HasHeader,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> SampleRows,
    IReadOnlyList<string> Warnings);

/// <summary>Where title, text and label come from: column indexes for delimited files, property names for JSONL.</summary>
internal sealed record ResolvedMapping(int? TitleIndex, int? TextIndex, int? LabelIndex, string? TitleKey, string? TextKey, string? LabelKey);
