using NewsClassifier.Application.Labeling;
using NewsClassifier.Application.Snapshots;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Tests.Labeling;

/// <summary>The annotation queue and the overlap rule on the real app's SQLite database and services.</summary>
public class AnnotationQueueTests(NewsHost app) : IClassFixture<NewsHost>
{
    private T Get<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    [Fact]
    public async Task Two_annotators_agree_disagree_and_a_reviewer_adjudicates_and_only_gold_labels_reach_the_snapshot()
    {
        var (datasetId, unlabelled) = await LabelingSeed.ImportAsync(app, "overlap-sample", rows: 200, unlabelled: 6);
        using var scope = app.Services.CreateScope();
        var queue = Get<AnnotationQueue>(scope);
        await queue.SaveSettingsAsync(datasetId, overlap: 2, ActiveLearningStrategy.None, 0.9, CancellationToken.None);
        int world = await LabelingSeed.LabelIdAsync(app, datasetId, "World"), sports = await LabelingSeed.LabelIdAsync(app, datasetId, "Sports");
        long agreed = unlabelled[0], disputed = unlabelled[1], partial = unlabelled[2];

        // Both see the same first article: k = 2 leaves room for two annotators.
        Assert.Equal(agreed, (await queue.NextAsync(datasetId, "alice", [], CancellationToken.None))!.ArticleId);
        Assert.Equal(agreed, (await queue.NextAsync(datasetId, "bob", [], CancellationToken.None))!.ArticleId);

        Assert.Equal(AnnotationEffect.Recorded, await queue.AnnotateAsync(datasetId, agreed, "alice", sports, CancellationToken.None));
        Assert.Null(await LabelingSeed.GoldAsync(app, agreed));
        Assert.Equal(AnnotationEffect.BecameGold, await queue.AnnotateAsync(datasetId, agreed, "bob", sports, CancellationToken.None));
        Assert.Equal(sports, await LabelingSeed.GoldAsync(app, agreed));

        // Given to them by the queue (in a page, NextAsync): annotations are only taken for articles an annotator was given.
        var given = Get<ArticleReservations>(scope);
        await given.HoldAsync(disputed, "alice", CancellationToken.None);
        await given.HoldAsync(disputed, "bob", CancellationToken.None);
        await given.HoldAsync(partial, "alice", CancellationToken.None);
        await queue.AnnotateAsync(datasetId, disputed, "alice", world, CancellationToken.None);
        Assert.Equal(AnnotationEffect.SentToReview, await queue.AnnotateAsync(datasetId, disputed, "bob", sports, CancellationToken.None));
        Assert.Null(await LabelingSeed.GoldAsync(app, disputed));
        await queue.AnnotateAsync(datasetId, partial, "alice", world, CancellationToken.None);

        var reviews = Get<ReviewQueue>(scope);
        var open = Assert.Single(await reviews.OpenAsync(datasetId, 10, CancellationToken.None));
        Assert.Equal(ReviewReason.Disagreement, open.Item.Reason);
        Assert.Equal(disputed, open.Item.ArticleId);
        Assert.Equal(["alice: World", "bob: Sports"], open.Annotations.Select(a => $"{a.UserName}: {a.Label}").Order());
        // A disputed article is not offered for annotation while it waits for review.
        var next = await queue.NextAsync(datasetId, "carol", [], CancellationToken.None);
        Assert.NotEqual(disputed, next!.ArticleId);

        var snapshots = Get<SnapshotService>(scope);
        var before = await snapshots.CreateOrReuseAsync(datasetId, 0.2, 42, CancellationToken.None);
        Assert.Contains(agreed, before.ArticleIds);
        Assert.DoesNotContain(disputed, before.ArticleIds);
        Assert.DoesNotContain(partial, before.ArticleIds);

        await reviews.ResolveAsync(open.Item.Id, world, "rita", CancellationToken.None);

        var after = await snapshots.CreateOrReuseAsync(datasetId, 0.2, 42, CancellationToken.None);
        Assert.NotEqual(before.Snapshot.Id, after.Snapshot.Id);
        var index = Array.IndexOf(after.ArticleIds, disputed);
        Assert.True(index >= 0, "the adjudicated article is in the snapshot");
        Assert.Equal("World", after.Data.LabelNames[after.Data.Labels[index]]);
        Assert.DoesNotContain(partial, after.ArticleIds);
        Assert.Equal(before.Snapshot.ArticleCount + 1, after.Snapshot.ArticleCount);
        Assert.Empty(await reviews.OpenAsync(datasetId, 10, CancellationToken.None));

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var item = await db.ReviewItems.SingleAsync(r => r.Id == open.Item.Id);
        Assert.Equal((ReviewStatus.Resolved, "rita", (int?)world), (item.Status, item.ResolvedBy, item.GoldLabelId));
        Assert.Equal(await db.Articles.CountAsync(a => a.DatasetId == datasetId && a.LabelId != null), (await db.Datasets.SingleAsync(d => d.Id == datasetId)).LabelledCount);

        var progress = await queue.ProgressAsync(datasetId, CancellationToken.None);
        Assert.Equal(200 - 6 + 2, progress.Gold);
        Assert.Equal([("alice", 3), ("bob", 2)], progress.Users.Select(u => (u.UserName, u.Labelled)));
        var agreement = await Get<AgreementReports>(scope).ForDatasetAsync(datasetId, CancellationToken.None);
        var pair = Assert.Single(agreement.Pairs);
        Assert.Equal(("alice", "bob", 2), (pair.A, pair.B, pair.Kappa.Items));
    }

    [Fact]
    public async Task With_k_1_two_annotators_asking_at_once_get_different_articles_and_skips_are_not_offered_again()
    {
        var (datasetId, unlabelled) = await LabelingSeed.ImportAsync(app, "holds-sample", rows: 60, unlabelled: 3);
        using var scope = app.Services.CreateScope();
        var queue = Get<AnnotationQueue>(scope);
        await queue.SaveSettingsAsync(datasetId, overlap: 1, ActiveLearningStrategy.None, 0.9, CancellationToken.None);

        var both = await Task.WhenAll(queue.NextAsync(datasetId, "alice", [], CancellationToken.None), queue.NextAsync(datasetId, "bob", [], CancellationToken.None));
        Assert.NotEqual(both[0]!.ArticleId, both[1]!.ArticleId);
        Assert.All(both, c => Assert.Contains(c!.ArticleId, unlabelled));

        // The third unlabelled article is the only one left for carol; the two held ones are not hers.
        var carol = await queue.NextAsync(datasetId, "carol", [], CancellationToken.None);
        Assert.Equal(unlabelled.Except(both.Select(c => c!.ArticleId)).Single(), carol!.ArticleId);
        Assert.Null(await queue.NextAsync(datasetId, "dave", [], CancellationToken.None));

        await queue.SkipAsync(datasetId, carol.ArticleId, "carol", CancellationToken.None);
        var again = await queue.NextAsync(datasetId, "carol", [], CancellationToken.None);
        Assert.Null(again); // skipped by her, the others held by alice and bob
        // Skipping frees the article for someone else.
        Assert.Equal(carol.ArticleId, (await queue.NextAsync(datasetId, "dave", [], CancellationToken.None))!.ArticleId);
    }

    [Fact]
    public async Task Undo_removes_the_last_answer_reverts_the_gold_label_it_made_and_offers_the_article_again()
    {
        var (datasetId, unlabelled) = await LabelingSeed.ImportAsync(app, "undo-sample", rows: 60, unlabelled: 4);
        using var scope = app.Services.CreateScope();
        var queue = Get<AnnotationQueue>(scope);
        int business = await LabelingSeed.LabelIdAsync(app, datasetId, "Business");

        var first = await queue.NextAsync(datasetId, "alice", [], CancellationToken.None);
        Assert.Equal(unlabelled[0], first!.ArticleId);
        Assert.Equal(AnnotationEffect.BecameGold, await queue.AnnotateAsync(datasetId, first.ArticleId, "alice", business, CancellationToken.None));
        Assert.Equal(business, await LabelingSeed.GoldAsync(app, first.ArticleId));
        var second = await queue.NextAsync(datasetId, "alice", [], CancellationToken.None);
        Assert.Equal(unlabelled[1], second!.ArticleId);
        await queue.SkipAsync(datasetId, second.ArticleId, "alice", CancellationToken.None);
        Assert.Equal([unlabelled[1], unlabelled[0]], await queue.HistoryAsync(datasetId, "alice", 10, CancellationToken.None));

        // Undo 1: the skip. Undo 2: the annotation, and with it the gold label.
        Assert.Equal(second.ArticleId, (await queue.UndoAsync(datasetId, "alice", CancellationToken.None))!.ArticleId);
        var undone = await queue.UndoAsync(datasetId, "alice", CancellationToken.None);
        Assert.Equal(first.ArticleId, undone!.ArticleId);
        Assert.Null(undone.MyLabelId);
        Assert.Null(await LabelingSeed.GoldAsync(app, first.ArticleId));
        Assert.Null(await queue.UndoAsync(datasetId, "alice", CancellationToken.None));
        Assert.Equal(60 - 4, (await queue.ProgressAsync(datasetId, CancellationToken.None)).Gold);
        Assert.Equal(first.ArticleId, (await queue.NextAsync(datasetId, "alice", [], CancellationToken.None))!.ArticleId);
    }

    [Fact]
    public async Task Changing_an_answer_from_history_moves_an_automatic_gold_label_and_an_imported_one_takes_no_annotation()
    {
        var (datasetId, unlabelled) = await LabelingSeed.ImportAsync(app, "relabel-sample", rows: 60, unlabelled: 2);
        using var scope = app.Services.CreateScope();
        var queue = Get<AnnotationQueue>(scope);
        int world = await LabelingSeed.LabelIdAsync(app, datasetId, "World"), sports = await LabelingSeed.LabelIdAsync(app, datasetId, "Sports");

        Assert.Equal(unlabelled[0], (await queue.NextAsync(datasetId, "alice", [], CancellationToken.None))!.ArticleId);
        await queue.AnnotateAsync(datasetId, unlabelled[0], "alice", world, CancellationToken.None);
        await queue.AnnotateAsync(datasetId, unlabelled[0], "alice", sports, CancellationToken.None);
        Assert.Equal(sports, await LabelingSeed.GoldAsync(app, unlabelled[0]));

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var imported = await db.Articles.Where(a => a.DatasetId == datasetId && a.Id > unlabelled[1]).OrderBy(a => a.Id).FirstAsync();
        var other = imported.LabelId == world ? sports : world;
        await Get<ArticleReservations>(scope).HoldAsync(imported.Id, "alice", CancellationToken.None);
        var refused = await Assert.ThrowsAsync<LabelingException>(() => queue.AnnotateAsync(datasetId, imported.Id, "alice", other, CancellationToken.None));
        Assert.Equal($"Article {imported.Id} already has a gold label.", refused.Message);
        Assert.Equal(imported.LabelId, await LabelingSeed.GoldAsync(app, imported.Id));
        Assert.False(await db.Annotations.AnyAsync(n => n.ArticleId == imported.Id));
    }

    [Fact]
    public async Task Settings_are_validated()
    {
        var (datasetId, _) = await LabelingSeed.ImportAsync(app, "settings-sample", rows: 20, unlabelled: 0);
        using var scope = app.Services.CreateScope();
        var queue = Get<AnnotationQueue>(scope);
        await Assert.ThrowsAsync<LabelingException>(() => queue.SaveSettingsAsync(datasetId, 0, ActiveLearningStrategy.None, 0.9, CancellationToken.None));
        await Assert.ThrowsAsync<LabelingException>(() => queue.SaveSettingsAsync(datasetId, 2, ActiveLearningStrategy.None, 1.5, CancellationToken.None));
        await Assert.ThrowsAsync<LabelingException>(() => queue.SettingsAsync(999_999, CancellationToken.None));
        var saved = await queue.SaveSettingsAsync(datasetId, 3, ActiveLearningStrategy.Entropy, 0.8, CancellationToken.None);
        Assert.Equal((3, ActiveLearningStrategy.Entropy, 0.8), (saved.Overlap, saved.Strategy, saved.ErrorThreshold));
    }
}
