namespace NewsClassifier.Application.Imports;

/// <summary>Which columns hold what: header names, or "1", "2", ... (1-based) for files without a header;
/// property names for JSONL. At least one of <see cref="Title"/>/<see cref="Text"/>; no label = unlabelled articles.</summary>
public sealed record ColumnMapping(string? Title, string? Text, string? Label);

/// <summary>How to read a file. Everything optional: unset values are detected. Stored as JSON by the import job.</summary>
/// <param name="LabelNames">The label set in ordinal order for generic formats; label values outside it are row
/// problems. Without it the label set is the values in first-seen order. Ignored for AG News/Kaggle. For a file without
/// a label column it is the label set the new dataset starts with.</param>
/// <param name="CleanText">Decode HTML entities, the tags they spell and backslash escapes (<see cref="TextCleaner"/>) before
/// storing; an article's file text is kept next to it when this changed it.</param>
/// <param name="FileLabels">Whether the file's labels become gold labels, suggestions, or nothing.</param>
public sealed record ImportSpec(
    ImportFormat Format = ImportFormat.Auto,
    bool? HasHeader = null,
    ColumnMapping? Mapping = null,
    IReadOnlyList<string>? LabelNames = null,
    bool CleanText = true,
    FileLabelUse FileLabels = FileLabelUse.Gold);
