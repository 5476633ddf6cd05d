namespace NewsClassifier.Domain.Datasets;

/// <summary>One news article. The text a model reads is <see cref="ModelText"/> (the lesson's title + ' ' + description).</summary>
public sealed class Article
{
    public const int MaxTitleLength = 1_000;
    public const int MaxTextLength = 100_000;

    public long Id { get; set; }
    public int DatasetId { get; set; }
    /// <summary>1-based row (line for JSONL) in the imported file, so reports and users can find it there.</summary>
    public int SourceRow { get; set; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>Null while unlabelled.</summary>
    public int? LabelId { get; set; }
    public LabelClass? Label { get; set; }
    /// <summary>
    /// A label the imported file gave when the import kept file labels as suggestions rather than gold: shown to
    /// annotators as a proposal, never counted as a label until someone confirms it.
    /// </summary>
    public int? SuggestedLabelId { get; set; }
    /// <summary>The title as the file had it, kept only when clean-up at import (entities, escapes) changed it.</summary>
    public string? OriginalTitle { get; set; }
    /// <summary>The text as the file had it, kept only when clean-up at import changed it.</summary>
    public string? OriginalText { get; set; }

    public string ModelText => ComposeModelText(Title, Text);

    public static string ComposeModelText(string title, string text) =>
        title.Length == 0 ? text : text.Length == 0 ? title : title + " " + text;
}
