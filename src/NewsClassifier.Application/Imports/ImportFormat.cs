namespace NewsClassifier.Application.Imports;

/// <summary>How a file is read. <see cref="Auto"/> sniffs it (see <see cref="ImportPreviewer"/>).</summary>
public enum ImportFormat
{
    Auto,
    /// <summary>AG News CSV: <c>label,title,description</c>, with or without that header, labels 1-4.</summary>
    AgNews,
    /// <summary>The Kaggle AG News CSV: header <c>Class Index,Title,Description</c>, labels 1-4.</summary>
    Kaggle,
    /// <summary>Any delimited text file (comma, semicolon or pipe, sniffed), with a column mapping.</summary>
    Csv,
    /// <summary>Tab-separated, with a column mapping.</summary>
    Tsv,
    /// <summary>One JSON object per line; the mapping names properties.</summary>
    Jsonl,
}

internal static class ImportFormats
{
    /// <summary>The value stored in <c>Dataset.Format</c>.</summary>
    public static string StoredName(ImportFormat format) => format switch
    {
        ImportFormat.AgNews => "ag-news-csv",
        ImportFormat.Kaggle => "kaggle-ag-news-csv",
        ImportFormat.Csv => "csv",
        ImportFormat.Tsv => "tsv",
        ImportFormat.Jsonl => "jsonl",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Auto is resolved before anything is stored."),
    };

    public static bool HasFixedLabels(ImportFormat format) => format is ImportFormat.AgNews or ImportFormat.Kaggle;
}
