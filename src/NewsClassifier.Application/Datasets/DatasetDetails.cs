namespace NewsClassifier.Application.Datasets;

public sealed record DatasetDetails(
    int Id, string Name, string? Description, string Source, string Format, DateTime CreatedAt, int ArticleCount, int LabelledCount,
    IReadOnlyList<LabelInfo> Labels)
{
    public DatasetSummary Summary => new(Id, Name, Description, Source, Format, CreatedAt, ArticleCount, LabelledCount);
}
