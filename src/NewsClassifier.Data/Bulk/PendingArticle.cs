namespace NewsClassifier.Data.Bulk;

/// <summary>An article buffered by a writer until its batch is written.</summary>
internal readonly record struct PendingArticle(int SourceRow, string Title, string Text, int? LabelOrdinal, int? SuggestedOrdinal,
    string? OriginalTitle, string? OriginalText)
{
    public int Characters => Title.Length + Text.Length + (OriginalTitle?.Length ?? 0) + (OriginalText?.Length ?? 0);
}
