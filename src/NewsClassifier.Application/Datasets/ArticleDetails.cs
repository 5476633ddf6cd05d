namespace NewsClassifier.Application.Datasets;

public sealed record ArticleDetails(long Id, int DatasetId, int SourceRow, string Title, string Text, int? LabelOrdinal, string? LabelName);
