using NewsClassifier.Domain.Snapshots;

namespace NewsClassifier.Application.Snapshots;

/// <summary>Lists a dataset's snapshots and compares two of them.</summary>
public sealed class SnapshotQueries(IDbContextFactory<NewsDbContext> contexts)
{
    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.DatasetSnapshots.AsNoTracking()
            .Where(s => s.DatasetId == datasetId)
            .OrderByDescending(s => s.Id)
            .Select(s => new SnapshotSummary(s.Id, s.ContentHash.Substring(0, 8), s.ContentHash, s.CreatedAt, s.ArticleCount, s.ValidationCount,
                db.TrainingRuns.Count(r => r.SnapshotId == s.Id)))
            .ToListAsync(cancellationToken);
    }

    public async Task<SnapshotDiff?> DiffAsync(int fromId, int toId, CancellationToken cancellationToken, int maxChangedIds = 200)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var snapshots = await db.DatasetSnapshots.AsNoTracking().Where(s => s.Id == fromId || s.Id == toId).ToListAsync(cancellationToken);
        var from = snapshots.SingleOrDefault(s => s.Id == fromId);
        var to = snapshots.SingleOrDefault(s => s.Id == toId);
        if (from is null || to is null) return null;

        var a = db.SnapshotArticles.AsNoTracking().Where(x => x.SnapshotId == fromId);
        var b = db.SnapshotArticles.AsNoTracking().Where(x => x.SnapshotId == toId);
        int added = await b.CountAsync(x => !a.Any(y => y.ArticleId == x.ArticleId), cancellationToken);
        int removed = await a.CountAsync(x => !b.Any(y => y.ArticleId == x.ArticleId), cancellationToken);
        var both = from x in a join y in b on x.ArticleId equals y.ArticleId select new { x.ArticleId, From = x.LabelOrdinal, To = y.LabelOrdinal, FromVal = x.IsValidation, ToVal = y.IsValidation };
        int labelsChanged = await both.CountAsync(p => p.From != p.To, cancellationToken);
        int splitChanged = await both.CountAsync(p => p.FromVal != p.ToVal, cancellationToken);
        var changed = await both.Where(p => p.From != p.To).OrderBy(p => p.ArticleId).Select(p => p.ArticleId).Take(maxChangedIds).ToListAsync(cancellationToken);

        var fromCounts = await a.GroupBy(x => x.LabelOrdinal).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var toCounts = await b.GroupBy(x => x.LabelOrdinal).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var names = JsonSerializer.Deserialize<List<string>>(to.LabelNamesJson) ?? new();
        var perClass = fromCounts.Keys.Union(toCounts.Keys).OrderBy(k => k)
            .Select(k => new ClassDelta(k < names.Count ? names[k] : $"class {k}", fromCounts.GetValueOrDefault(k), toCounts.GetValueOrDefault(k)))
            .ToList();

        return new SnapshotDiff(Summary(from), Summary(to), added, removed, labelsChanged, splitChanged, perClass, changed);
    }

    private static SnapshotSummary Summary(DatasetSnapshot s) => new(s.Id, s.ShortHash, s.ContentHash, s.CreatedAt, s.ArticleCount, s.ValidationCount, 0);
}
