namespace NewsClassifier.Application.Schedules;

/// <summary>A schedule's frozen evaluation articles: ids, the texts the models read, and the gold label names (in
/// <see cref="Labels"/> order, as ordinals).</summary>
public sealed record EvaluationSet(IReadOnlyList<long> ArticleIds, IReadOnlyList<string> Texts, IReadOnlyList<int> Truth,
    IReadOnlyList<string> Labels, string Hash)
{
    public IReadOnlySet<long> Ids { get; } = ArticleIds.ToHashSet();
}
