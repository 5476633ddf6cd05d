namespace NewsClassifier.Application.Datasets;

/// <param name="TextPreview">The first <see cref="ArticleQueries.PreviewLength"/> characters of the text.</param>
public sealed record ArticleRow(long Id, int SourceRow, string Title, string TextPreview, int? LabelOrdinal, string? LabelName);
