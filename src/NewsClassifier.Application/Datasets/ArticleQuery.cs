namespace NewsClassifier.Application.Datasets;

/// <param name="Search">Words that must all appear in the title or text (whole words, case and accents ignored).</param>
/// <param name="LabelOrdinal">Only articles of this class.</param>
public sealed record ArticleQuery(
    int Skip,
    int Take,
    string? Search = null,
    ArticleSort Sort = ArticleSort.SourceRow,
    bool Descending = false,
    int? LabelOrdinal = null,
    bool UnlabelledOnly = false);
