namespace NewsClassifier.Application.Datasets;

/// <param name="OriginalTitle">The title as the imported file had it, when clean-up at import changed it (else null).</param>
/// <param name="OriginalText">The text as the imported file had it, when clean-up at import changed it (else null).</param>
/// <param name="SuggestedLabelName">The file's label kept as a suggestion at import, if any.</param>
public sealed record ArticleDetails(long Id, int DatasetId, int SourceRow, string Title, string Text, int? LabelOrdinal, string? LabelName,
    string? OriginalTitle = null, string? OriginalText = null, string? SuggestedLabelName = null)
{
    public bool CleanedAtImport => OriginalTitle is not null || OriginalText is not null;
}
