namespace NewsClassifier.Application.Imports;

/// <summary>What a file looks like before importing it: the detected layout, the first rows and a mapping to confirm.</summary>
/// <param name="Columns">Header names, "1", "2", ... without a header, or the JSONL property names.</param>
public sealed record ImportPreview(
    ImportFormat Format,
    bool HasHeader,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    ColumnMapping SuggestedMapping,
    IReadOnlyList<string> Warnings);
