using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Classification;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// The review/relabel mode over gold-labelled articles (a fully labelled import leaves the annotation queue empty, yet its
/// labels deserve a second look): walk the articles of a class, those the production model disagrees with, or those
/// flagged as likely label errors, and confirm or change each label. An answer is an annotation like any other, under the
/// same rule: an imported or reviewer-set gold label is never changed by an annotation alone, so a change by someone
/// without review rights becomes a proposal a reviewer decides (or, for a gold label annotators made, a disagreement);
/// a reviewer's change is a decision and sets the gold label, closing the article's open review items.
/// </summary>
public sealed class RelabelQueue(IDbContextFactory<NewsDbContext> contexts, ModelResolver resolver, TimeProvider clock)
{
    /// <summary>The model whose predictions the "model disagrees" focus uses: production, once its scoring of this
    /// dataset succeeded; null otherwise (the page says so instead of showing an empty list).</summary>
    public async Task<string?> ScoredModelAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await db.LabelingSettings.AsNoTracking().SingleOrDefaultAsync(s => s.DatasetId == datasetId, cancellationToken);
        return await ScoredVersionAsync(settings, cancellationToken) is null ? null : settings!.ScoredModelName;
    }

    public async Task<int> CountAsync(int datasetId, RelabelFilter filter, Relabeler who, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (await MatchingAsync(db, datasetId, filter, who, cancellationToken)).CountAsync(cancellationToken);
    }

    /// <summary>The first matching article after <paramref name="afterArticleId"/> (import order), skipping
    /// <paramref name="exclude"/> (what the page already has); null at the end of the list.</summary>
    public async Task<RelabelCard?> NextAsync(int datasetId, RelabelFilter filter, Relabeler who, long afterArticleId, IReadOnlyCollection<long> exclude,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var excluded = exclude.ToList();
        var id = await (await MatchingAsync(db, datasetId, filter, who, cancellationToken)).Where(a => a.Id > afterArticleId && !excluded.Contains(a.Id))
            .OrderBy(a => a.Id).Select(a => (long?)a.Id).FirstOrDefaultAsync(cancellationToken);
        return id is { } found ? await CardAsync(db, datasetId, found, UserNames.Normalize(who.Name), cancellationToken) : null;
    }

    public async Task<RelabelCard?> CardAsync(int datasetId, long articleId, string user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await CardAsync(db, datasetId, articleId, UserNames.Normalize(user), cancellationToken);
    }

    private async Task<IQueryable<Article>> MatchingAsync(NewsDbContext db, int datasetId, RelabelFilter filter, Relabeler who, CancellationToken cancellationToken)
    {
        var user = UserNames.Normalize(who.Name);
        var articles = db.Articles.AsNoTracking().Where(a => a.DatasetId == datasetId && a.LabelId != null);
        if (filter.LabelId is { } label) articles = articles.Where(a => a.LabelId == label);
        if (filter.OnlyUnseen) articles = articles.Where(a => !db.Annotations.Any(n => n.ArticleId == a.Id && n.UserName == user));
        // An article waiting for review is the reviewer's; others would only be refused on it.
        if (!who.MayReview) articles = articles.Where(a => !db.ReviewItems.Any(r => r.ArticleId == a.Id && r.Status == ReviewStatus.Open));
        switch (filter.Focus)
        {
            case RelabelFocus.LikelyError:
                articles = articles.Where(a => db.ReviewItems.Any(r => r.ArticleId == a.Id && r.Reason == ReviewReason.LikelyLabelError && r.Status == ReviewStatus.Open));
                break;
            case RelabelFocus.ModelDisagrees:
                var settings = await db.LabelingSettings.AsNoTracking().SingleOrDefaultAsync(s => s.DatasetId == datasetId, cancellationToken);
                if (await ScoredVersionAsync(settings, cancellationToken) is not { } version) return articles.Where(a => false);
                articles = articles.Where(a => db.ArticleScores.Any(s => s.ArticleId == a.Id && s.ModelVersionId == version && s.PredictedOrdinal != a.Label!.Ordinal));
                break;
        }
        return articles;
    }

    private async Task<int?> ScoredVersionAsync(LabelingSettings? settings, CancellationToken cancellationToken)
    {
        if (settings is not { ScoringState: ScoringState.Succeeded, ScoredModelVersionId: { } scored }) return null;
        var production = await resolver.ProductionAsync(cancellationToken);
        return production?.Version.Id == scored ? scored : null;
    }

    private async Task<RelabelCard?> CardAsync(NewsDbContext db, int datasetId, long articleId, string user, CancellationToken cancellationToken)
    {
        var row = await (from a in db.Articles.AsNoTracking()
                         join d in db.Datasets on a.DatasetId equals d.Id
                         where a.Id == articleId && a.DatasetId == datasetId && a.LabelId != null
                         select new { a.Id, a.Title, a.Text, a.SourceRow, Gold = a.LabelId!.Value, a.SuggestedLabelId, d.Source }).SingleOrDefaultAsync(cancellationToken);
        if (row is null) return null;
        var mine = await db.Annotations.AsNoTracking().SingleOrDefaultAsync(n => n.ArticleId == articleId && n.UserName == user, cancellationToken);
        var settings = await db.LabelingSettings.AsNoTracking().SingleOrDefaultAsync(s => s.DatasetId == datasetId, cancellationToken);
        int? modelLabel = null;
        double? modelConfidence = null;
        if (await ScoredVersionAsync(settings, cancellationToken) is { } version
            && await db.ArticleScores.AsNoTracking().SingleOrDefaultAsync(s => s.ArticleId == articleId && s.ModelVersionId == version, cancellationToken) is { } score)
        {
            modelLabel = await db.LabelClasses.Where(l => l.DatasetId == datasetId && l.Ordinal == score.PredictedOrdinal).Select(l => (int?)l.Id).SingleOrDefaultAsync(cancellationToken);
            modelConfidence = score.Confidence;
        }
        var error = await db.ReviewItems.AsNoTracking().Where(r => r.ArticleId == articleId && r.Reason == ReviewReason.LikelyLabelError && r.Status == ReviewStatus.Open)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var source = row.SourceRow > 0 ? $"{(row.Source.Length == 0 ? "imported file" : Path.GetFileName(row.Source))}, row {row.SourceRow:N0}" : "reported from Classify";
        return new RelabelCard(row.Id, row.Title, row.Text, source, row.Gold, row.SuggestedLabelId,
            modelLabel, modelConfidence, modelLabel is null ? null : settings?.ScoredModelName,
            error?.Id, error?.ProposedLabelId, error?.Confidence, error?.Evidence ?? (error is null ? null : $"prediction of {error.CreatedBy}"),
            mine?.LabelId, mine is { LabelId: null });
    }

    /// <summary>
    /// Confirms (<paramref name="labelId"/> = the gold label), changes, or skips (null) a gold article for
    /// <paramref name="who"/>. Refused, changing nothing: a caller who may not label, an article without a gold label or
    /// outside the dataset, a label outside its label set, and an article waiting for review when the caller may not review.
    /// </summary>
    public async Task<RelabelEffect> AnswerAsync(int datasetId, long articleId, Relabeler who, int? labelId, CancellationToken cancellationToken)
    {
        if (!who.MayLabel) throw new LabelingException("Your role may not relabel articles: Annotators, Scientists and Admins can.");
        var user = UserNames.Normalize(who.Name);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == articleId && a.DatasetId == datasetId, cancellationToken)
            ?? throw new LabelingException($"There is no article {articleId} in this dataset.");
        if (article.LabelId is not { } gold) throw new LabelingException($"Article {articleId} has no gold label yet: label it on the Annotate tab.");
        var labels = await db.LabelClasses.AsNoTracking().Where(l => l.DatasetId == datasetId).ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken);
        if (labelId is { } asked && !labels.ContainsKey(asked)) throw new LabelingException($"Label {asked} is not in this dataset's label set.");
        var open = await db.ReviewItems.Where(r => r.ArticleId == articleId && r.Status == ReviewStatus.Open).ToListAsync(cancellationToken);
        if (open.Count > 0 && !who.MayReview) throw new LabelingException($"Article {articleId} is waiting for review: a reviewer decides its label.");

        var now = clock.GetUtcNow().UtcDateTime;
        var annotation = await db.Annotations.SingleOrDefaultAsync(n => n.ArticleId == articleId && n.UserName == user, cancellationToken);
        if (annotation is null)
        {
            annotation = new Annotation { DatasetId = datasetId, ArticleId = articleId, UserName = user, CreatedAt = now };
            db.Annotations.Add(annotation);
        }
        annotation.LabelId = labelId;
        var settings = await AnnotationQueue.SettingsAsync(db, datasetId, cancellationToken);

        RelabelEffect effect;
        if (labelId is null || labelId == gold || !who.MayReview)
        {
            // The annotate page's rule: it keeps an imported or reviewer-set gold label, and re-decides one annotators made.
            bool automatic = await db.Annotations.AnyAsync(n => n.ArticleId == articleId && n.SetGold, cancellationToken);
            var rule = await GoldRule.ApplyAsync(db, article, settings.Overlap, now, cancellationToken);
            effect = labelId is null ? RelabelEffect.Skipped
                : labelId == gold ? RelabelEffect.Confirmed
                : rule == AnnotationEffect.SentToReview ? RelabelEffect.SentToReview
                : automatic && article.LabelId == labelId ? RelabelEffect.Changed
                : Propose(db, article, user, labelId.Value, gold, labels, now);
            if (effect == RelabelEffect.Confirmed && who.MayReview) Close(open, user, now, gold, confirmed: true);
        }
        else
        {
            // A reviewer's change is a decision: the gold label is theirs now (undoing an annotation must not revert it).
            article.LabelId = labelId;
            await db.Annotations.Where(n => n.ArticleId == articleId && n.SetGold).ExecuteUpdateAsync(s => s.SetProperty(n => n.SetGold, false), cancellationToken);
            Close(open, user, now, labelId.Value, confirmed: false);
            effect = RelabelEffect.Changed;
        }
        await db.SaveChangesAsync(cancellationToken);
        return effect;
    }

    /// <summary>A change the gold rule does not apply (imported or reviewer-set gold): a proposal a reviewer decides.</summary>
    private static RelabelEffect Propose(NewsDbContext db, Article article, string user, int labelId, int gold, IReadOnlyDictionary<int, string> labels, DateTime now)
    {
        db.ReviewItems.Add(new ReviewItem
        {
            DatasetId = article.DatasetId, ArticleId = article.Id, Reason = ReviewReason.RelabelProposal, ProposedLabelId = labelId,
            Status = ReviewStatus.Open, CreatedBy = user, CreatedAt = now,
            Note = $"{user} relabeled it {labels[labelId]} (gold: {labels[gold]}).",
        });
        return RelabelEffect.SentToReview;
    }

    /// <summary>A reviewer's answer settles the article's open items: a confirmed likely error was a false alarm
    /// (dismissed); anything else is resolved with the gold label now in place.</summary>
    private static void Close(List<ReviewItem> open, string reviewer, DateTime now, int gold, bool confirmed)
    {
        foreach (var item in open)
        {
            bool falseAlarm = confirmed && item.Reason == ReviewReason.LikelyLabelError;
            item.Status = falseAlarm ? ReviewStatus.Dismissed : ReviewStatus.Resolved;
            item.GoldLabelId = falseAlarm ? null : gold;
            item.ResolvedBy = reviewer;
            item.ResolvedAt = now;
        }
    }
}
