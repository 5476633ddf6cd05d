namespace NewsClassifier.Application.Datasets;

/// <param name="TotalCount">Matching articles. With a search, counting stops at <see cref="ArticleQueries.MaxSearchCount"/>
/// and <see cref="TotalIsLowerBound"/> is set, because counting every match of a common word in millions of
/// articles takes seconds.</param>
public sealed record ArticlePage(IReadOnlyList<ArticleRow> Items, int TotalCount, bool TotalIsLowerBound = false);
