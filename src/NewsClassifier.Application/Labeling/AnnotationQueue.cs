using NewsClassifier.Data.Sql;
using System.Globalization;
using System.Diagnostics;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Classification;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// One annotator's work on a dataset: the next article (active-learning order when the production model has
/// scored the pool, else import order), annotate, skip, undo, history and progress. Users are passed in by
/// name so this works (and is tested) without the web.
/// </summary>
public sealed class AnnotationQueue(IDbContextFactory<NewsDbContext> contexts, ArticleReservations reservations, ModelResolver resolver, TimeProvider clock,
    DatabaseDialect dialect)
{
    /// <summary>Picking an article and holding it is one step per dataset, across processes and nodes: two annotators
    /// asking at once would otherwise read the same free slot before either hold is written.</summary>
    private async Task<IDisposable> PickLockAsync(int datasetId, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (dialect.TryLock("annotation-pick", datasetId.ToString(CultureInfo.InvariantCulture)) is { } held) return held;
            if (waited.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException($"The labelling queue of dataset {datasetId} stayed busy for 10 s.");
            await Task.Delay(10, cancellationToken);
        }
    }

    public async Task<LabelingSettings> SettingsAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await SettingsAsync(db, datasetId, cancellationToken);
    }

    /// <summary>The dataset's settings row, created with the defaults on first use.</summary>
    internal static async Task<LabelingSettings> SettingsAsync(NewsDbContext db, int datasetId, CancellationToken cancellationToken)
    {
        var settings = await db.LabelingSettings.SingleOrDefaultAsync(s => s.DatasetId == datasetId, cancellationToken);
        if (settings is not null) return settings;
        if (!await db.Datasets.AnyAsync(d => d.Id == datasetId, cancellationToken)) throw new LabelingException($"There is no dataset number {datasetId}.");
        settings = new LabelingSettings { DatasetId = datasetId };
        db.LabelingSettings.Add(settings);
        try { await db.SaveChangesAsync(cancellationToken); }
        catch (DbUpdateException)
        {
            // Another request created it first.
            db.Entry(settings).State = EntityState.Detached;
            settings = await db.LabelingSettings.SingleAsync(s => s.DatasetId == datasetId, cancellationToken);
        }
        return settings;
    }

    public async Task<LabelingSettings> SaveSettingsAsync(int datasetId, int overlap, ActiveLearningStrategy strategy, double errorThreshold, CancellationToken cancellationToken)
    {
        if (overlap < 1 || overlap > LabelingSettings.MaxOverlap) throw new LabelingException($"Overlap is between 1 and {LabelingSettings.MaxOverlap} annotations per article.");
        if (!Enum.IsDefined(strategy)) throw new LabelingException($"'{strategy}' is not an ordering.");
        // Below 1/2 a prediction can still be the model's clear favourite among many classes, so any probability is allowed.
        if (!(errorThreshold > 0 && errorThreshold <= 1)) throw new LabelingException("The label-error threshold is a probability above 0 and at most 1.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await SettingsAsync(db, datasetId, cancellationToken);
        settings.Overlap = overlap;
        settings.Strategy = strategy;
        settings.ErrorThreshold = errorThreshold;
        await db.SaveChangesAsync(cancellationToken);
        return settings;
    }

    /// <summary>The dataset's name, or null when there is no such dataset.</summary>
    public async Task<string?> DatasetNameAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking().Where(d => d.Id == datasetId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LabelOption>> LabelsAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LabelClasses.AsNoTracking().Where(l => l.DatasetId == datasetId).OrderBy(l => l.Ordinal)
            .Select(l => new LabelOption(l.Id, l.Ordinal, l.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The next article for <paramref name="user"/>: no gold label, fewer than k labelled annotations (counting
    /// other annotators' holds), not answered or skipped by this user, not waiting for review, and not in
    /// <paramref name="exclude"/> (what the page already shows). The article is held for the user.
    /// </summary>
    public async Task<AnnotationCard?> NextAsync(int datasetId, string user, IReadOnlyCollection<long> exclude, CancellationToken cancellationToken)
    {
        user = UserNames.Normalize(user);
        using var pickLock = await PickLockAsync(datasetId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await SettingsAsync(db, datasetId, cancellationToken);
        int k = settings.Overlap;
        var held = await reservations.HeldByOthersAsync(user, cancellationToken);
        var version = await ScoredProductionVersionAsync(settings, cancellationToken);
        var excluded = exclude.ToList();

        var pool = db.Articles.AsNoTracking().Where(a => a.DatasetId == datasetId && a.LabelId == null
            && !excluded.Contains(a.Id)
            && !db.Annotations.Any(n => n.ArticleId == a.Id && n.UserName == user)
            && db.Annotations.Count(n => n.ArticleId == a.Id && n.LabelId != null) < k
            && !db.ReviewItems.Any(r => r.ArticleId == a.Id && r.Status == ReviewStatus.Open));

        // Look a little further than one row: held articles may fill their last slot.
        int look = held.Count + 1;
        long? pick = null;
        if (version is { } v)
        {
            // Walk the score index in the strategy's order (an index per measure, so no sort over the whole pool);
            // unscored articles (imported after scoring) come after every scored one.
            var scored = from s in db.ArticleScores
                         where s.DatasetId == datasetId && s.ModelVersionId == v
                         join a in pool on s.ArticleId equals a.Id
                         select s;
            var ordered = settings.Strategy switch
            {
                ActiveLearningStrategy.LeastConfidence => scored.OrderBy(s => s.Confidence).ThenBy(s => s.ArticleId),
                ActiveLearningStrategy.Margin => scored.OrderBy(s => s.Margin).ThenBy(s => s.ArticleId),
                _ => scored.OrderByDescending(s => s.Entropy).ThenByDescending(s => s.ArticleId),
            };
            pick = Pick(await ordered.Select(s => new Candidate(s.ArticleId, db.Annotations.Count(n => n.ArticleId == s.ArticleId && n.LabelId != null)))
                .Take(look).ToListAsync(cancellationToken), held, k);
            pool = pool.Where(a => !db.ArticleScores.Any(s => s.ArticleId == a.Id && s.ModelVersionId == v));
        }
        pick ??= Pick(await pool.OrderBy(a => a.Id).Select(a => new Candidate(a.Id, db.Annotations.Count(n => n.ArticleId == a.Id && n.LabelId != null)))
            .Take(look).ToListAsync(cancellationToken), held, k);
        if (pick is not { } id) return null;
        await reservations.HoldAsync(id, user, cancellationToken);
        return await CardAsync(db, datasetId, id, user, cancellationToken);
    }

    private sealed record Candidate(long Id, int Labelled);

    private static long? Pick(List<Candidate> candidates, IReadOnlyDictionary<long, int> held, int k) =>
        candidates.FirstOrDefault(c => c.Labelled + held.GetValueOrDefault(c.Id) < k)?.Id;

    /// <summary>The version whose scores order the queue: production, if its scoring of this dataset finished.</summary>
    private async Task<int?> ScoredProductionVersionAsync(LabelingSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Strategy == ActiveLearningStrategy.None || settings.ScoredModelVersionId is null || settings.ScoringState != ScoringState.Succeeded) return null;
        var production = await resolver.ProductionAsync(cancellationToken);
        return production?.Version.Id == settings.ScoredModelVersionId ? settings.ScoredModelVersionId : null;
    }

    public async Task<AnnotationCard?> CardAsync(int datasetId, long articleId, string user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await CardAsync(db, datasetId, articleId, UserNames.Normalize(user), cancellationToken);
    }

    private static async Task<AnnotationCard?> CardAsync(NewsDbContext db, int datasetId, long articleId, string user, CancellationToken cancellationToken)
    {
        var row = await (from a in db.Articles.AsNoTracking()
                         join d in db.Datasets on a.DatasetId equals d.Id
                         where a.Id == articleId && a.DatasetId == datasetId
                         select new { a.Id, a.Title, a.Text, a.SourceRow, a.LabelId, a.SuggestedLabelId, d.Source }).SingleOrDefaultAsync(cancellationToken);
        if (row is null) return null;
        var mine = await db.Annotations.AsNoTracking().SingleOrDefaultAsync(n => n.ArticleId == articleId && n.UserName == user, cancellationToken);
        var source = row.SourceRow > 0 ? $"{(row.Source.Length == 0 ? "imported file" : Path.GetFileName(row.Source))}, row {row.SourceRow:N0}"
            : "reported from Classify";
        return new AnnotationCard(row.Id, row.Title, row.Text, source, mine?.LabelId, mine is { LabelId: null }, row.LabelId, row.SuggestedLabelId);
    }

    /// <summary>Stores (or changes) the user's label for an article and applies the overlap rule.</summary>
    public async Task<AnnotationEffect> AnnotateAsync(int datasetId, long articleId, string user, int labelId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.LabelClasses.AnyAsync(l => l.Id == labelId && l.DatasetId == datasetId, cancellationToken))
            throw new LabelingException($"Label {labelId} is not in this dataset's label set.");
        return await RecordAsync(db, datasetId, articleId, UserNames.Normalize(user), labelId, cancellationToken);
    }

    /// <summary>Records that the user passed on an article (it will not be offered to them again; undo brings it back).</summary>
    public async Task SkipAsync(int datasetId, long articleId, string user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RecordAsync(db, datasetId, articleId, UserNames.Normalize(user), null, cancellationToken);
    }

    private async Task<AnnotationEffect> RecordAsync(NewsDbContext db, int datasetId, long articleId, string user, int? labelId, CancellationToken cancellationToken)
    {
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == articleId && a.DatasetId == datasetId, cancellationToken)
            ?? throw new LabelingException($"There is no article {articleId} in this dataset.");
        var annotation = await db.Annotations.SingleOrDefaultAsync(n => n.ArticleId == articleId && n.UserName == user, cancellationToken);
        await EnsureMayAnswerAsync(db, article, annotation, user, cancellationToken);
        var settings = await SettingsAsync(db, datasetId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (annotation is null)
        {
            annotation = new Annotation { DatasetId = datasetId, ArticleId = articleId, UserName = user, CreatedAt = now };
            db.Annotations.Add(annotation);
        }
        annotation.LabelId = labelId;
        var effect = await GoldRule.ApplyAsync(db, article, settings.Overlap, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await reservations.ReleaseAsync(articleId, user, cancellationToken);
        return effect;
    }

    /// <summary>
    /// The labelling rules, whatever the caller (page or API): an article waiting for review is the reviewer's; one
    /// with a gold label takes no new annotators (only someone who answered it may change their answer); and a new
    /// answer is for an article the queue gave this user (<see cref="NextAsync"/>), so a client cannot pick articles
    /// to label or skip. Refusals change nothing.
    /// </summary>
    private async Task EnsureMayAnswerAsync(NewsDbContext db, Article article, Annotation? mine, string user, CancellationToken cancellationToken)
    {
        if (await db.ReviewItems.AnyAsync(r => r.ArticleId == article.Id && r.Status == ReviewStatus.Open, cancellationToken))
            throw new LabelingException($"Article {article.Id} is waiting for review: a reviewer decides its label.");
        if (mine is not null) return;
        if (article.LabelId is not null) throw new LabelingException($"Article {article.Id} already has a gold label.");
        if (!await reservations.IsHeldByAsync(article.Id, user, cancellationToken))
            throw new LabelingException($"Article {article.Id} was not given to you: take the next article from the queue first.");
    }

    /// <summary>Removes the user's latest annotation or skip in the dataset (reverting a gold label it made) and
    /// returns that article's card so the page can show it again; null when there is nothing to undo.</summary>
    public async Task<AnnotationCard?> UndoAsync(int datasetId, string user, CancellationToken cancellationToken)
    {
        user = UserNames.Normalize(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.Annotations.Where(n => n.DatasetId == datasetId && n.UserName == user).OrderByDescending(n => n.Id).FirstOrDefaultAsync(cancellationToken);
        if (last is null) return null;
        var article = await db.Articles.SingleAsync(a => a.Id == last.ArticleId, cancellationToken);
        var settings = await SettingsAsync(db, datasetId, cancellationToken);
        db.Annotations.Remove(last);
        await GoldRule.ApplyAsync(db, article, settings.Overlap, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await reservations.HoldAsync(article.Id, user, cancellationToken);
        return await CardAsync(db, datasetId, article.Id, user, cancellationToken);
    }

    /// <summary>The articles the user answered or skipped in this dataset, newest first (for the arrow keys).</summary>
    public async Task<IReadOnlyList<long>> HistoryAsync(int datasetId, string user, int take, CancellationToken cancellationToken)
    {
        user = UserNames.Normalize(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Annotations.AsNoTracking().Where(n => n.DatasetId == datasetId && n.UserName == user)
            .OrderByDescending(n => n.Id).Select(n => n.ArticleId).Take(take).ToListAsync(cancellationToken);
    }

    public async Task<LabelingProgress> ProgressAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await SettingsAsync(db, datasetId, cancellationToken);
        var total = await db.Articles.CountAsync(a => a.DatasetId == datasetId, cancellationToken);
        var gold = await db.Articles.CountAsync(a => a.DatasetId == datasetId && a.LabelId != null, cancellationToken);
        var open = await db.ReviewItems.CountAsync(r => r.DatasetId == datasetId && r.Status == ReviewStatus.Open, cancellationToken);
        var users = await db.Annotations.AsNoTracking().Where(n => n.DatasetId == datasetId).GroupBy(n => n.UserName)
            .Select(g => new UserCount(g.Key, g.Count(n => n.LabelId != null), g.Count(n => n.LabelId == null)))
            .ToListAsync(cancellationToken);
        return new LabelingProgress(gold, total, open, settings.Overlap, users.OrderByDescending(u => u.Labelled).ThenBy(u => u.UserName).ToList());
    }
}
