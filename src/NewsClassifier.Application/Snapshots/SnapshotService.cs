using System.Security.Cryptography;
using System.Text;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Snapshots;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Snapshots;

/// <summary>What a run trains on: the snapshot, its articles in a fixed order, and the split as indices.</summary>
public sealed record SnapshotData(DatasetSnapshot Snapshot, TrainingData Data, long[] ArticleIds, int[] Train, int[] Validation);

/// <summary>
/// Freezes a dataset's labelled articles and a seeded stratified split into a content-hashed snapshot
/// (reused when nothing changed), and loads a snapshot back exactly as it was frozen.
/// </summary>
public sealed class SnapshotService(IDbContextFactory<NewsDbContext> contexts, NewsClassifier.Data.Sql.DatabaseDialect dialect, TimeProvider clock)
{
    /// <param name="excludedArticleIds">Articles kept out of the snapshot (a schedule's evaluation set); the hash covers only
    /// the articles taken, so the same exclusion on the same data gives the same snapshot.</param>
    public async Task<SnapshotData> CreateOrReuseAsync(int datasetId, double validationFraction, int seed, CancellationToken cancellationToken,
        IReadOnlySet<long>? excludedArticleIds = null)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken)
            ?? throw new ArgumentException($"There is no dataset number {datasetId}.");
        var labels = await db.LabelClasses.AsNoTracking().Where(l => l.DatasetId == datasetId)
            .OrderBy(l => l.Ordinal).Select(l => l.Name).ToListAsync(cancellationToken);
        var rows = await db.Articles.AsNoTracking()
            .Where(a => a.DatasetId == datasetId && a.LabelId != null)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Title, a.Text, a.Label!.Ordinal })
            .ToListAsync(cancellationToken);
        if (excludedArticleIds is { Count: > 0 }) rows = rows.Where(r => !excludedArticleIds.Contains(r.Id)).ToList();

        var data = new TrainingData(rows.Select(r => Article.ComposeModelText(r.Title, r.Text)).ToList(), rows.Select(r => r.Ordinal).ToList(), labels);
        data.Validate();
        var ids = rows.Select(r => r.Id).ToArray();
        var (train, validation) = StratifiedSplit.Split(data.Labels, validationFraction, seed);
        var hash = Hash(datasetId, labels, validationFraction, seed, ids, data, validation);

        var existing = await db.DatasetSnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.ContentHash == hash, cancellationToken);
        if (existing is not null) return new SnapshotData(existing, data, ids, train, validation);

        var snapshot = new DatasetSnapshot
        {
            DatasetId = datasetId,
            DatasetName = dataset.Name,
            ContentHash = hash,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            ArticleCount = ids.Length,
            ValidationCount = validation.Length,
            ValidationFraction = validationFraction,
            Seed = seed,
            LabelNamesJson = JsonSerializer.Serialize(labels),
        };
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.DatasetSnapshots.Add(snapshot);
            await db.SaveChangesAsync(cancellationToken);
            await InsertArticlesAsync(db, snapshot.Id, ids, data.Labels, validation, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new SnapshotData(snapshot, data, ids, train, validation);
        }
        catch (DbUpdateException)
        {
            // Two runs froze the same content at once and the other inserted first (the hash is unique): reuse its snapshot.
            db.ChangeTracker.Clear();
            var winner = await db.DatasetSnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.ContentHash == hash, cancellationToken);
            if (winner is null) throw;
            return new SnapshotData(winner, data, ids, train, validation);
        }
    }

    /// <summary>A snapshot's articles with the labels and split frozen in it (texts read from the articles,
    /// which are never edited; a deleted dataset makes its snapshots unloadable, and this says so).</summary>
    public async Task<SnapshotData> LoadAsync(int snapshotId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var snapshot = await db.DatasetSnapshots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == snapshotId, cancellationToken)
            ?? throw new ArgumentException($"There is no snapshot number {snapshotId}.");
        var rows = await (from s in db.SnapshotArticles.AsNoTracking()
                          join a in db.Articles.AsNoTracking() on s.ArticleId equals a.Id
                          where s.SnapshotId == snapshotId
                          orderby s.ArticleId
                          select new { s.ArticleId, a.Title, a.Text, s.LabelOrdinal, s.IsValidation }).ToListAsync(cancellationToken);
        if (rows.Count != snapshot.ArticleCount)
            throw new ArgumentException($"Snapshot {snapshot.ShortHash} of '{snapshot.DatasetName}' can no longer be loaded: {snapshot.ArticleCount - rows.Count:N0} of its articles were deleted.");
        var labels = JsonSerializer.Deserialize<List<string>>(snapshot.LabelNamesJson) ?? new();
        var data = new TrainingData(rows.Select(r => Article.ComposeModelText(r.Title, r.Text)).ToList(), rows.Select(r => r.LabelOrdinal).ToList(), labels);
        var train = Enumerable.Range(0, rows.Count).Where(i => !rows[i].IsValidation).ToArray();
        var validation = Enumerable.Range(0, rows.Count).Where(i => rows[i].IsValidation).ToArray();
        return new SnapshotData(snapshot, data, rows.Select(r => r.ArticleId).ToArray(), train, validation);
    }

    private Task InsertArticlesAsync(NewsDbContext db, int snapshotId, long[] ids, IReadOnlyList<int> labels, int[] validation,
        CancellationToken cancellationToken)
    {
        var isValidation = new bool[ids.Length];
        foreach (var i in validation) isValidation[i] = true;
        return dialect.InsertSnapshotArticlesAsync(db, snapshotId, ids, labels, isValidation, cancellationToken);
    }

    /// <summary>SHA-256 over everything that decides what a run learns from, in a fixed order.</summary>
    internal static string Hash(int datasetId, IReadOnlyList<string> labels, double validationFraction, int seed,
        long[] ids, TrainingData data, int[] validation)
    {
        var isValidation = new bool[ids.Length];
        foreach (var i in validation) isValidation[i] = true;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string value) => sha.AppendData(Encoding.UTF8.GetBytes(value + "\u001f"));
        Add($"dataset:{datasetId}");
        Add($"labels:{string.Join("\u001e", labels)}");
        Add($"split:{validationFraction.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}:{seed}");
        for (int i = 0; i < ids.Length; i++) Add($"{ids[i]}\u001e{data.Labels[i]}\u001e{(isValidation[i] ? 'v' : 't')}\u001e{data.Texts[i]}");
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
