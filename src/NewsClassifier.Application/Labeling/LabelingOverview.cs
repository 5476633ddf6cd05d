using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>Every dataset with its labelling progress, agreement and open reviews (the /labeling list).</summary>
public sealed class LabelingOverview(IDbContextFactory<NewsDbContext> contexts)
{
    public async Task<IReadOnlyList<DatasetLabelingSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var datasets = await db.Datasets.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name, d.ArticleCount, d.LabelledCount }).ToListAsync(cancellationToken);
        var overlap = await db.LabelingSettings.AsNoTracking().ToDictionaryAsync(s => s.DatasetId, s => s.Overlap, cancellationToken);
        var reviews = await db.ReviewItems.AsNoTracking().Where(r => r.Status == ReviewStatus.Open).GroupBy(r => r.DatasetId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var ratings = (await db.Annotations.AsNoTracking().Where(n => n.LabelId != null).Select(n => new { n.DatasetId, n.ArticleId, n.UserName, n.LabelId })
            .ToListAsync(cancellationToken)).ToLookup(n => n.DatasetId);
        return datasets.Select(d =>
        {
            var mine = ratings[d.Id].Select(n => new Rating(n.ArticleId, n.UserName, n.LabelId!.Value)).ToList();
            return new DatasetLabelingSummary(d.Id, d.Name, d.ArticleCount, d.LabelledCount, mine.Count, mine.Select(r => r.Rater).Distinct().Count(),
                reviews.GetValueOrDefault(d.Id), overlap.GetValueOrDefault(d.Id, 1), Agreement.KrippendorffAlpha(mine));
        }).ToList();
    }
}
