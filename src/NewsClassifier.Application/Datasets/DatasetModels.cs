namespace NewsClassifier.Application.Datasets;

public sealed record DatasetSummary(
    int Id, string Name, string? Description, string Source, string Format, DateTime CreatedAt, int ArticleCount, int LabelledCount);

public sealed record LabelInfo(int Id, int Ordinal, string Name);

public sealed record DatasetDetails(
    int Id, string Name, string? Description, string Source, string Format, DateTime CreatedAt, int ArticleCount, int LabelledCount,
    IReadOnlyList<LabelInfo> Labels)
{
    public DatasetSummary Summary => new(Id, Name, Description, Source, Format, CreatedAt, ArticleCount, LabelledCount);
}

/// <summary>Articles per class; unlabelled articles have <see cref="Ordinal"/> null and the name <see cref="UnlabelledName"/>.</summary>
public sealed record ClassCount(int? Ordinal, string Name, int Count)
{
    public const string UnlabelledName = "Unlabelled";
}

public enum ArticleSort { SourceRow, Title, Label }

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

/// <param name="TextPreview">The first <see cref="ArticleQueries.PreviewLength"/> characters of the text.</param>
public sealed record ArticleRow(long Id, int SourceRow, string Title, string TextPreview, int? LabelOrdinal, string? LabelName);

/// <param name="TotalCount">Matching articles. With a search, counting stops at <see cref="ArticleQueries.MaxSearchCount"/>
/// and <see cref="TotalIsLowerBound"/> is set, because counting every match of a common word in millions of
/// articles takes seconds.</param>
public sealed record ArticlePage(IReadOnlyList<ArticleRow> Items, int TotalCount, bool TotalIsLowerBound = false);

public sealed record ArticleDetails(long Id, int DatasetId, int SourceRow, string Title, string Text, int? LabelOrdinal, string? LabelName);

public enum ExportFormat { Csv, Jsonl }
