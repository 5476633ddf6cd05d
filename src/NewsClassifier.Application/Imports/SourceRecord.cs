namespace NewsClassifier.Application.Imports;

/// <summary>One record as the importer sees it: the mapped values, or why the record could not be read.</summary>
internal readonly record struct SourceRecord(int Row, string? Title, string? Text, string? Label, string? Problem);
