namespace NewsClassifier.Application.Imports;

/// <summary>
/// The checks every row goes through, in the importer, the preview and an evaluation file alike, so the preview flags
/// exactly the rows an import refuses: the reader's own problem (bad quoting, a column count), empty or too long text
/// (the file's text, as the original is stored too; and the cleaned text, which clean-up may have emptied), and the label.
/// </summary>
internal sealed class RowChecker(LabelResolver labels, bool cleanText, FileLabelUse labelUse)
{
    public LabelResolver Labels => labels;

    public CheckedRow Check(SourceRecord record)
    {
        var title = record.Title?.Trim() ?? "";
        var text = record.Text?.Trim() ?? "";
        var problem = record.Problem ?? Validate(title, text);
        if (problem is not null) return Refused(record.Row, title, text, problem);

        string? originalTitle = null, originalText = null;
        if (cleanText)
        {
            var cleanTitle = TextCleaner.Clean(title);
            var cleanBody = TextCleaner.Clean(text);
            if (!string.Equals(cleanTitle, title, StringComparison.Ordinal)) (originalTitle, title) = (title, cleanTitle);
            if (!string.Equals(cleanBody, text, StringComparison.Ordinal)) (originalText, text) = (text, cleanBody);
            if (title.Length == 0 && text.Length == 0) return Refused(record.Row, title, text, "Both title and text are empty once entities and escapes are decoded.");
        }

        labels.TryResolve(record.Label, out var ordinal, out var newLabel, out problem);
        if (problem is not null)
        {
            if (labelUse != FileLabelUse.Ignore) return Refused(record.Row, title, text, problem);
            ordinal = null; // ignored labels cannot refuse a row
        }
        return new CheckedRow(record.Row, title, text, originalTitle, originalText, ordinal, newLabel, null);
    }

    private static CheckedRow Refused(int row, string title, string text, string problem) => new(row, title, text, null, null, null, false, problem);

    /// <summary>Length and emptiness.</summary>
    internal static string? Validate(string title, string text)
    {
        if (title.Length == 0 && text.Length == 0) return "Both title and text are empty.";
        if (title.Length > Domain.Datasets.Article.MaxTitleLength)
            return $"The title is {title.Length:N0} characters long; the limit is {Domain.Datasets.Article.MaxTitleLength:N0}.";
        if (text.Length > Domain.Datasets.Article.MaxTextLength)
            return $"The text is {text.Length:N0} characters long; the limit is {Domain.Datasets.Article.MaxTextLength:N0}.";
        return null;
    }
}
