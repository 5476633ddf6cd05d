namespace NewsClassifier.Application.Imports;

/// <summary>A record after the import's checks: the text to store, the file's text when clean-up changed it, and the
/// file's label (an ordinal of the label set), or why the row is refused.</summary>
internal readonly record struct CheckedRow(
    int Row, string Title, string Text, string? OriginalTitle, string? OriginalText, int? Ordinal, bool NewLabel, string? Problem);
