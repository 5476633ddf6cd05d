using NewsClassifier.Application.Accounts;
using NewsClassifier.Data.Sql;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// Articles waiting for a reviewer: annotator disagreements, likely label errors and "this is wrong" reports.
/// Resolving sets the gold label (the only way a disputed article gets one); dismissing leaves the gold label as it is.
/// </summary>
public sealed class ReviewQueue(IDbContextFactory<NewsDbContext> contexts, IOptions<ReportOptions> reportOptions, DatabaseDialect dialect, TimeProvider clock)
{
    public async Task<IReadOnlyList<ReviewEntry>> OpenAsync(int datasetId, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var items = await db.ReviewItems.AsNoTracking().Where(r => r.DatasetId == datasetId && r.Status == ReviewStatus.Open)
            .OrderBy(r => r.Id).Take(take).ToListAsync(cancellationToken);
        var ids = items.Select(i => i.ArticleId).Distinct().ToList();
        var labels = await db.LabelClasses.AsNoTracking().Where(l => l.DatasetId == datasetId).ToDictionaryAsync(l => l.Id, cancellationToken);
        var articles = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.Title, a.Text, a.LabelId }).ToDictionaryAsync(a => a.Id, cancellationToken);
        var annotations = (await db.Annotations.AsNoTracking().Where(n => ids.Contains(n.ArticleId) && n.LabelId != null)
            .OrderBy(n => n.Id).ToListAsync(cancellationToken)).ToLookup(n => n.ArticleId);
        var settings = await db.LabelingSettings.AsNoTracking().SingleOrDefaultAsync(s => s.DatasetId == datasetId, cancellationToken);
        var scores = settings?.ScoredModelVersionId is { } version
            ? await db.ArticleScores.AsNoTracking().Where(s => s.ModelVersionId == version && ids.Contains(s.ArticleId)).ToDictionaryAsync(s => s.ArticleId, cancellationToken)
            : new Dictionary<long, ArticleScore>();
        var byOrdinal = labels.Values.ToDictionary(l => l.Ordinal, l => l.Name);

        string? Name(int? id) => id is { } i && labels.TryGetValue(i, out var l) ? l.Name : null;
        return items.Where(i => articles.ContainsKey(i.ArticleId)).Select(i =>
        {
            var a = articles[i.ArticleId];
            scores.TryGetValue(i.ArticleId, out var score);
            return new ReviewEntry(i, a.Title, a.Text, Name(a.LabelId), Name(i.ProposedLabelId),
                annotations[i.ArticleId].Select(n => new AnnotatorLabel(n.UserName, Name(n.LabelId) ?? "?")).ToList(),
                score is null ? null : byOrdinal.GetValueOrDefault(score.PredictedOrdinal), score?.Confidence);
        }).ToList();
    }

    public async Task<int> OpenCountAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ReviewItems.CountAsync(r => r.DatasetId == datasetId && r.Status == ReviewStatus.Open, cancellationToken);
    }

    /// <summary>Sets the article's gold label to the reviewer's choice and closes the item (and any other open item on the article).</summary>
    public async Task ResolveAsync(long reviewItemId, int goldLabelId, string reviewer, CancellationToken cancellationToken)
    {
        reviewer = UserNames.Normalize(reviewer);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await OpenItemAsync(db, reviewItemId, cancellationToken);
        if (!await db.LabelClasses.AnyAsync(l => l.Id == goldLabelId && l.DatasetId == item.DatasetId, cancellationToken))
            throw new LabelingException($"Label {goldLabelId} is not in this dataset's label set.");
        var article = await db.Articles.SingleAsync(a => a.Id == item.ArticleId, cancellationToken);
        var dataset = await db.Datasets.SingleAsync(d => d.Id == item.DatasetId, cancellationToken);
        if (article.LabelId is null) dataset.LabelledCount++;
        article.LabelId = goldLabelId;
        // The gold label is now the reviewer's: undoing an annotation must not revert it.
        await db.Annotations.Where(n => n.ArticleId == article.Id && n.SetGold).ExecuteUpdateAsync(s => s.SetProperty(n => n.SetGold, false), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var open in await db.ReviewItems.Where(r => r.ArticleId == article.Id && r.Status == ReviewStatus.Open).ToListAsync(cancellationToken))
        {
            open.Status = ReviewStatus.Resolved;
            open.ResolvedBy = reviewer;
            open.ResolvedAt = now;
            open.GoldLabelId = goldLabelId;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Closes the item without changing the gold label (a false alarm; a dismissed disagreement
    /// leaves the article without gold, out of training, until someone resolves it another way).</summary>
    public async Task DismissAsync(long reviewItemId, string reviewer, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var item = await OpenItemAsync(db, reviewItemId, cancellationToken);
        item.Status = ReviewStatus.Dismissed;
        item.ResolvedBy = UserNames.Normalize(reviewer);
        item.ResolvedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// "This is wrong" from the Classify page: the text becomes a new unlabelled article of the dataset (source row 0:
    /// it is not from an imported file) with a review item proposing the reporter's label. Returns the review item.
    /// Bounded (<see cref="ReportOptions"/>): the article's length, one open report per user for the same article, and
    /// a number of open reports per user and dataset. Who may report (Annotator and up) is the caller's policy.
    /// </summary>
    public async Task<ReviewItem> ReportWrongAsync(int datasetId, string? title, string? text, int proposedLabelId, string? note, string reporter,
        CancellationToken cancellationToken)
    {
        title = (title ?? "").Trim();
        text = (text ?? "").Trim();
        if (title.Length == 0 && text.Length == 0) throw new LabelingException("There is no article to report: give a title or a text.");
        var limits = reportOptions.Value;
        if (title.Length > Article.MaxTitleLength || title.Length + text.Length > limits.MaxCharacters)
            throw new LabelingException($"A reported article has at most {limits.MaxCharacters:N0} characters (title at most {Article.MaxTitleLength:N0}).");
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note?.Length > ReviewItem.MaxNoteLength) throw new LabelingException($"A note has at most {ReviewItem.MaxNoteLength:N0} characters.");
        reporter = UserNames.Normalize(reporter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken) ?? throw new LabelingException($"There is no dataset number {datasetId}.");
        if (!await db.LabelClasses.AnyAsync(l => l.Id == proposedLabelId && l.DatasetId == datasetId, cancellationToken))
            throw new LabelingException("Pick the correct label from the dataset's label set.");
        var mine = db.ReviewItems.Where(r => r.DatasetId == datasetId && r.Reason == ReviewReason.ReportedWrong && r.Status == ReviewStatus.Open && r.CreatedBy == reporter);
        if (await mine.AnyAsync(r => db.Articles.Any(a => a.Id == r.ArticleId && a.Title == title && a.Text == text), cancellationToken))
            throw new LabelingException("You already reported this article: it is waiting for review.");
        if (await mine.CountAsync(cancellationToken) >= limits.MaxOpenPerUser)
            throw new LabelingException($"You have {limits.MaxOpenPerUser:N0} reports waiting for review in this dataset (the most allowed): wait until a reviewer handles them.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var article = new Article { DatasetId = datasetId, SourceRow = 0, Title = title, Text = text };
        db.Articles.Add(article);
        dataset.ArticleCount++;
        await db.SaveChangesAsync(cancellationToken);
        await dialect.IndexArticleAsync(db, article.Id, title, text, cancellationToken);
        var item = new ReviewItem
        {
            DatasetId = datasetId, ArticleId = article.Id, Reason = ReviewReason.ReportedWrong, ProposedLabelId = proposedLabelId,
            Note = note, Status = ReviewStatus.Open, CreatedBy = reporter, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ReviewItems.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return item;
    }

    private static async Task<ReviewItem> OpenItemAsync(NewsDbContext db, long id, CancellationToken cancellationToken)
    {
        var item = await db.ReviewItems.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new LabelingException($"There is no review item {id}.");
        if (item.Status != ReviewStatus.Open) throw new LabelingException($"Review item {id} was already {item.Status.ToString().ToLowerInvariant()} by {item.ResolvedBy}.");
        return item;
    }
}
