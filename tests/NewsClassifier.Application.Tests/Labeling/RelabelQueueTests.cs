using NewsClassifier.Application.Labeling;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Tests.Labeling;

/// <summary>The relabel mode over a fully labelled import, on the real app's SQLite database and services.</summary>
public class RelabelQueueTests(NewsHost app) : IClassFixture<NewsHost>
{
    private static readonly Relabeler Annotator = new("anna", MayLabel: true, MayReview: false);
    private static readonly Relabeler Reviewer = new("rita", MayLabel: true, MayReview: true);
    private static readonly Relabeler Viewer = new("vic", MayLabel: false, MayReview: false);

    private T Get<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    private async Task<NewsDbContext> DbAsync() => await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task A_fully_labelled_dataset_is_walked_by_class_and_by_likely_error_and_answered_articles_leave_the_list()
    {
        var (datasetId, _) = await LabelingSeed.ImportAsync(app, "relabel-filters", rows: 60, unlabelled: 0);
        using var scope = app.Services.CreateScope();
        var relabel = Get<RelabelQueue>(scope);
        int sports = await LabelingSeed.LabelIdAsync(app, datasetId, "Sports");
        await using var db = await DbAsync();
        var all = await db.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.Id).Select(a => new { a.Id, a.LabelId }).ToListAsync();
        var sportsIds = all.Where(a => a.LabelId == sports).Select(a => a.Id).ToList();

        // The annotation queue has nothing for a fully labelled import; the relabel mode has all of it.
        Assert.Null(await Get<AnnotationQueue>(scope).NextAsync(datasetId, "anna", [], CancellationToken.None));
        Assert.Equal(60, await relabel.CountAsync(datasetId, new RelabelFilter(), Annotator, CancellationToken.None));
        var bySports = new RelabelFilter(LabelId: sports);
        Assert.Equal(sportsIds.Count, await relabel.CountAsync(datasetId, bySports, Annotator, CancellationToken.None));
        var first = (await relabel.NextAsync(datasetId, bySports, Annotator, 0, [], CancellationToken.None))!;
        Assert.Equal((sportsIds[0], sports), (first.ArticleId, first.GoldLabelId));
        Assert.Equal(sportsIds[1], (await relabel.NextAsync(datasetId, bySports, Annotator, first.ArticleId, [], CancellationToken.None))!.ArticleId);
        Assert.Equal(sportsIds[1], (await relabel.NextAsync(datasetId, bySports, Annotator, 0, [first.ArticleId], CancellationToken.None))!.ArticleId);
        Assert.Null(await relabel.NextAsync(datasetId, bySports, Annotator, sportsIds[^1], [], CancellationToken.None));

        // Confirming keeps the gold label, records an annotation, and the article leaves this user's list (not the others').
        Assert.Equal(RelabelEffect.Confirmed, await relabel.AnswerAsync(datasetId, first.ArticleId, Annotator, sports, CancellationToken.None));
        Assert.Equal(sports, await LabelingSeed.GoldAsync(app, first.ArticleId));
        Assert.Equal(sportsIds.Count - 1, await relabel.CountAsync(datasetId, bySports, Annotator, CancellationToken.None));
        Assert.Equal(sportsIds.Count, await relabel.CountAsync(datasetId, bySports with { OnlyUnseen = false }, Annotator, CancellationToken.None));
        Assert.Equal(sportsIds.Count, await relabel.CountAsync(datasetId, bySports, Reviewer, CancellationToken.None));
        var card = (await relabel.CardAsync(datasetId, first.ArticleId, "anna", CancellationToken.None))!;
        Assert.Equal((sports, false, true), (card.MyLabelId!.Value, card.MySkip, card.Answered));
        Assert.Equal(RelabelEffect.Skipped, await relabel.AnswerAsync(datasetId, sportsIds[1], Annotator, null, CancellationToken.None));
        Assert.Equal(sportsIds.Count - 2, await relabel.CountAsync(datasetId, bySports, Annotator, CancellationToken.None));

        // Likely errors: only articles with an open item; a reviewer sees them, an annotator's list leaves them out.
        var flagged = all[5].Id;
        db.ReviewItems.Add(new ReviewItem
        {
            DatasetId = datasetId, ArticleId = flagged, Reason = ReviewReason.LikelyLabelError, ProposedLabelId = sports, Confidence = 0.97,
            Status = ReviewStatus.Open, CreatedBy = LabelErrorScanner.Creator, CreatedAt = DateTime.UtcNow, Evidence = LabelErrorScanner.EvidenceFor(5),
        });
        await db.SaveChangesAsync();
        var errors = new RelabelFilter(Focus: RelabelFocus.LikelyError);
        Assert.Equal(1, await relabel.CountAsync(datasetId, errors, Reviewer, CancellationToken.None));
        Assert.Equal(0, await relabel.CountAsync(datasetId, errors, Annotator, CancellationToken.None));
        Assert.Equal(60, await relabel.CountAsync(datasetId, new RelabelFilter(), Reviewer, CancellationToken.None));
        Assert.Equal(60 - 2 - 1, await relabel.CountAsync(datasetId, new RelabelFilter(), Annotator, CancellationToken.None));
        var errorCard = (await relabel.NextAsync(datasetId, errors, Reviewer, 0, [], CancellationToken.None))!;
        Assert.Equal((flagged, (int?)sports, "out-of-fold prediction, 5-fold TF-IDF baseline"), (errorCard.ArticleId, errorCard.LikelyErrorLabelId, errorCard.LikelyErrorEvidence));

        // Without a scored production model the disagreement focus is empty, and says why through ScoredModelAsync.
        Assert.Null(await relabel.ScoredModelAsync(datasetId, CancellationToken.None));
        Assert.Equal(0, await relabel.CountAsync(datasetId, new RelabelFilter(Focus: RelabelFocus.ModelDisagrees), Reviewer, CancellationToken.None));
    }

    [Fact]
    public async Task A_change_follows_the_gold_rule_a_proposal_for_annotators_and_a_decision_for_reviewers()
    {
        var (datasetId, unlabelled) = await LabelingSeed.ImportAsync(app, "relabel-rule", rows: 40, unlabelled: 1);
        using var scope = app.Services.CreateScope();
        var relabel = Get<RelabelQueue>(scope);
        var reviews = Get<ReviewQueue>(scope);
        int world = await LabelingSeed.LabelIdAsync(app, datasetId, "World"), sports = await LabelingSeed.LabelIdAsync(app, datasetId, "Sports");
        await using var db = await DbAsync();
        var imported = await db.Articles.Where(a => a.DatasetId == datasetId && a.LabelId != null && a.LabelId != sports).OrderBy(a => a.Id).Select(a => new { a.Id, Gold = a.LabelId!.Value }).Take(3).ToListAsync();
        var labelledBefore = (await db.Datasets.SingleAsync(d => d.Id == datasetId)).LabelledCount;

        // An annotator's change of an imported gold label is a proposal: the gold label stays until a reviewer decides.
        var proposal = imported[0];
        Assert.Equal(RelabelEffect.SentToReview, await relabel.AnswerAsync(datasetId, proposal.Id, Annotator, sports, CancellationToken.None));
        Assert.Equal(proposal.Gold, await LabelingSeed.GoldAsync(app, proposal.Id));
        var item = Assert.Single(await reviews.OpenAsync(datasetId, 10, CancellationToken.None));
        Assert.Equal((ReviewReason.RelabelProposal, proposal.Id, (int?)sports, "anna"), (item.Item.Reason, item.Item.ArticleId, item.Item.ProposedLabelId, item.Item.CreatedBy));
        // Waiting for review: the annotator may not answer it again; the reviewer accepts the proposal.
        await Assert.ThrowsAsync<LabelingException>(() => relabel.AnswerAsync(datasetId, proposal.Id, Annotator, world, CancellationToken.None));
        await reviews.ResolveAsync(item.Item.Id, sports, "rita", CancellationToken.None);
        Assert.Equal(sports, await LabelingSeed.GoldAsync(app, proposal.Id));

        // A reviewer's change is a decision: the gold label changes at once and the article's likely-error item is resolved.
        var decided = imported[1];
        var error = new ReviewItem
        {
            DatasetId = datasetId, ArticleId = decided.Id, Reason = ReviewReason.LikelyLabelError, ProposedLabelId = sports, Confidence = 0.95,
            Status = ReviewStatus.Open, CreatedBy = LabelErrorScanner.Creator, CreatedAt = DateTime.UtcNow,
        };
        db.ReviewItems.Add(error);
        await db.SaveChangesAsync();
        Assert.Equal(RelabelEffect.Changed, await relabel.AnswerAsync(datasetId, decided.Id, Reviewer, sports, CancellationToken.None));
        Assert.Equal(sports, await LabelingSeed.GoldAsync(app, decided.Id));
        var closed = await db.ReviewItems.AsNoTracking().SingleAsync(r => r.Id == error.Id);
        Assert.Equal((ReviewStatus.Resolved, "rita", (int?)sports), (closed.Status, closed.ResolvedBy, closed.GoldLabelId));

        // A reviewer confirming a flagged label dismisses the item as a false alarm.
        var confirmed = imported[2];
        var alarm = new ReviewItem
        {
            DatasetId = datasetId, ArticleId = confirmed.Id, Reason = ReviewReason.LikelyLabelError, ProposedLabelId = sports, Confidence = 0.95,
            Status = ReviewStatus.Open, CreatedBy = LabelErrorScanner.Creator, CreatedAt = DateTime.UtcNow,
        };
        db.ReviewItems.Add(alarm);
        await db.SaveChangesAsync();
        Assert.Equal(RelabelEffect.Confirmed, await relabel.AnswerAsync(datasetId, confirmed.Id, Reviewer, confirmed.Gold, CancellationToken.None));
        Assert.Equal(confirmed.Gold, await LabelingSeed.GoldAsync(app, confirmed.Id));
        Assert.Equal(ReviewStatus.Dismissed, (await db.ReviewItems.AsNoTracking().SingleAsync(r => r.Id == alarm.Id)).Status);

        // A gold label annotators made (k = 1 here) is re-decided by the rule: a second, different answer is a disagreement.
        var annotated = unlabelled[0];
        var queue = Get<AnnotationQueue>(scope);
        Assert.Equal(annotated, (await queue.NextAsync(datasetId, "alice", [], CancellationToken.None))!.ArticleId);
        Assert.Equal(AnnotationEffect.BecameGold, await queue.AnnotateAsync(datasetId, annotated, "alice", world, CancellationToken.None));
        Assert.Equal(RelabelEffect.SentToReview, await relabel.AnswerAsync(datasetId, annotated, Annotator, sports, CancellationToken.None));
        Assert.Null(await LabelingSeed.GoldAsync(app, annotated));
        Assert.Contains(await reviews.OpenAsync(datasetId, 10, CancellationToken.None), e => e.Item.ArticleId == annotated && e.Item.Reason == ReviewReason.Disagreement);
        Assert.Equal(await db.Articles.CountAsync(a => a.DatasetId == datasetId && a.LabelId != null), (await db.Datasets.AsNoTracking().SingleAsync(d => d.Id == datasetId)).LabelledCount);
        Assert.Equal(labelledBefore, (await db.Datasets.AsNoTracking().SingleAsync(d => d.Id == datasetId)).LabelledCount);
    }

    [Fact]
    public async Task Refusals_change_nothing_a_viewer_an_unlabelled_article_a_foreign_label_and_another_dataset()
    {
        var (datasetId, unlabelled) = await LabelingSeed.ImportAsync(app, "relabel-refusals", rows: 30, unlabelled: 1);
        var (otherId, _) = await LabelingSeed.ImportAsync(app, "relabel-refusals-other", rows: 10, unlabelled: 0);
        using var scope = app.Services.CreateScope();
        var relabel = Get<RelabelQueue>(scope);
        int sports = await LabelingSeed.LabelIdAsync(app, datasetId, "Sports"), foreign = await LabelingSeed.LabelIdAsync(app, otherId, "Sports");
        await using var db = await DbAsync();
        var gold = await db.Articles.Where(a => a.DatasetId == datasetId && a.LabelId != null && a.LabelId != sports).OrderBy(a => a.Id).Select(a => new { a.Id, Gold = a.LabelId!.Value }).FirstAsync();
        var otherArticle = await db.Articles.Where(a => a.DatasetId == otherId).Select(a => a.Id).FirstAsync();
        async Task<(int, int)> CountsAsync() => (await db.Annotations.CountAsync(n => n.DatasetId == datasetId), await db.ReviewItems.CountAsync(r => r.DatasetId == datasetId));
        var before = await CountsAsync();

        var viewer = await Assert.ThrowsAsync<LabelingException>(() => relabel.AnswerAsync(datasetId, gold.Id, Viewer, sports, CancellationToken.None));
        Assert.Contains("may not relabel", viewer.Message);
        var unlabelledRefusal = await Assert.ThrowsAsync<LabelingException>(() => relabel.AnswerAsync(datasetId, unlabelled[0], Reviewer, sports, CancellationToken.None));
        Assert.Contains("no gold label yet", unlabelledRefusal.Message);
        await Assert.ThrowsAsync<LabelingException>(() => relabel.AnswerAsync(datasetId, gold.Id, Reviewer, foreign, CancellationToken.None));
        await Assert.ThrowsAsync<LabelingException>(() => relabel.AnswerAsync(datasetId, otherArticle, Reviewer, sports, CancellationToken.None));
        Assert.Null(await relabel.CardAsync(datasetId, otherArticle, "rita", CancellationToken.None));

        Assert.Equal(before, await CountsAsync());
        Assert.Equal(gold.Gold, await LabelingSeed.GoldAsync(app, gold.Id));
    }
}
