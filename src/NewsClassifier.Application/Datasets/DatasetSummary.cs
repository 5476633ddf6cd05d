namespace NewsClassifier.Application.Datasets;

public sealed record DatasetSummary(
    int Id, string Name, string? Description, string Source, string Format, DateTime CreatedAt, int ArticleCount, int LabelledCount);
