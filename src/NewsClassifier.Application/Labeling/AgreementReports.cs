using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>Agreement between a dataset's annotators (skips are not ratings), from the pure maths in <see cref="Agreement"/>.</summary>
public sealed class AgreementReports(IDbContextFactory<NewsDbContext> contexts)
{
    public async Task<AgreementReport> ForDatasetAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ratings = await RatingsAsync(db, datasetId, cancellationToken);
        var labels = await db.LabelClasses.AsNoTracking().Where(l => l.DatasetId == datasetId).OrderBy(l => l.Ordinal).ToListAsync(cancellationToken);
        var users = ratings.Select(r => r.Rater).Distinct().Order(StringComparer.Ordinal).ToList();
        var pairs = new List<PairAgreement>();
        for (int i = 0; i < users.Count; i++)
            for (int j = i + 1; j < users.Count; j++)
                pairs.Add(new PairAgreement(users[i], users[j], Agreement.CohenKappa(ratings, users[i], users[j])));
        var classes = labels.Select(l => new ClassAgreement(l.Name, ratings.Count(r => r.Category == l.Id), Agreement.ClassAlpha(ratings, l.Id))).ToList();
        var byItem = ratings.GroupBy(r => r.Item).ToList();
        return new AgreementReport(Agreement.KrippendorffAlpha(ratings), pairs, classes, byItem.Count, byItem.Count(g => g.Count() >= 2));
    }

    /// <summary>Alpha alone, for the overview list.</summary>
    public async Task<AgreementValue> AlphaAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return Agreement.KrippendorffAlpha(await RatingsAsync(db, datasetId, cancellationToken));
    }

    private static async Task<List<Rating>> RatingsAsync(NewsDbContext db, int datasetId, CancellationToken cancellationToken) =>
        (await db.Annotations.AsNoTracking().Where(n => n.DatasetId == datasetId && n.LabelId != null)
            .Select(n => new { n.ArticleId, n.UserName, n.LabelId }).ToListAsync(cancellationToken))
        .Select(n => new Rating(n.ArticleId, n.UserName, n.LabelId!.Value)).ToList();
}
