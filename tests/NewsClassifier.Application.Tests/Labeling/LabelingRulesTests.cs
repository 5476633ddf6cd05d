using NewsClassifier.Application.Labeling;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Tests.Labeling;

/// <summary>The labelling rules enforced by the application whatever the caller: no annotation for an article with
/// gold, in review, or not given to the annotator; "this is wrong" reports bounded per user and in length.</summary>
public class LabelingRulesTests(NewsHost app) : IClassFixture<NewsHost>
{
    private async Task<(int Annotations, int ReviewItems, int Gold, int Articles)> CountsAsync(int datasetId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return (await db.Annotations.CountAsync(a => a.DatasetId == datasetId), await db.ReviewItems.CountAsync(r => r.DatasetId == datasetId),
            await db.Articles.CountAsync(a => a.DatasetId == datasetId && a.LabelId != null), await db.Articles.CountAsync(a => a.DatasetId == datasetId));
    }

    [Fact]
    public async Task An_annotation_for_an_article_with_gold_in_review_or_not_given_to_the_annotator_is_refused_and_changes_nothing()
    {
        var (datasetId, unlabelled) = await LabelingSeed.ImportAsync(app, "rules-sample", rows: 40, unlabelled: 3);
        using var scope = app.Services.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<AnnotationQueue>();
        await queue.SaveSettingsAsync(datasetId, overlap: 2, ActiveLearningStrategy.None, 0.9, CancellationToken.None);
        int world = await LabelingSeed.LabelIdAsync(app, datasetId, "World"), sports = await LabelingSeed.LabelIdAsync(app, datasetId, "Sports");

        // alice and bob are given the first article and disagree: it goes to review.
        Assert.Equal(unlabelled[0], (await queue.NextAsync(datasetId, "alice", [], CancellationToken.None))!.ArticleId);
        Assert.Equal(unlabelled[0], (await queue.NextAsync(datasetId, "bob", [], CancellationToken.None))!.ArticleId);
        await queue.AnnotateAsync(datasetId, unlabelled[0], "alice", world, CancellationToken.None);
        Assert.Equal(AnnotationEffect.SentToReview, await queue.AnnotateAsync(datasetId, unlabelled[0], "bob", sports, CancellationToken.None));
        var before = await CountsAsync(datasetId);

        long goldArticle;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync())
            goldArticle = await db.Articles.Where(a => a.DatasetId == datasetId && a.LabelId != null).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();

        var inReview = await Assert.ThrowsAsync<LabelingException>(() => queue.AnnotateAsync(datasetId, unlabelled[0], "carol", world, CancellationToken.None));
        Assert.Equal($"Article {unlabelled[0]} is waiting for review: a reviewer decides its label.", inReview.Message);
        // Not even its annotators may settle it by changing their answer: that is the reviewer's call.
        await Assert.ThrowsAsync<LabelingException>(() => queue.AnnotateAsync(datasetId, unlabelled[0], "alice", sports, CancellationToken.None));

        var gold = await Assert.ThrowsAsync<LabelingException>(() => queue.AnnotateAsync(datasetId, goldArticle, "carol", world, CancellationToken.None));
        Assert.Equal($"Article {goldArticle} already has a gold label.", gold.Message);

        var notGiven = await Assert.ThrowsAsync<LabelingException>(() => queue.AnnotateAsync(datasetId, unlabelled[2], "carol", world, CancellationToken.None));
        Assert.Equal($"Article {unlabelled[2]} was not given to you: take the next article from the queue first.", notGiven.Message);
        var skip = await Assert.ThrowsAsync<LabelingException>(() => queue.SkipAsync(datasetId, unlabelled[2], "carol", CancellationToken.None));
        Assert.Equal(notGiven.Message, skip.Message);

        Assert.Equal(before, await CountsAsync(datasetId));
        Assert.Null(await LabelingSeed.GoldAsync(app, unlabelled[0]));

        // Given by the queue, the same article is accepted; and its annotator may change the answer later.
        var card = await queue.NextAsync(datasetId, "carol", [], CancellationToken.None);
        Assert.Equal(unlabelled[1], card!.ArticleId);
        Assert.Equal(AnnotationEffect.Recorded, await queue.AnnotateAsync(datasetId, unlabelled[1], "carol", world, CancellationToken.None));
        Assert.Equal(AnnotationEffect.Recorded, await queue.AnnotateAsync(datasetId, unlabelled[1], "carol", sports, CancellationToken.None));
    }

    [Fact]
    public async Task Reports_are_one_per_user_and_article_bounded_in_length_and_capped_per_user()
    {
        await using var host = await NewsHost.StartAsync(new Dictionary<string, string?> { ["Reports:MaxOpenPerUser"] = "2", ["Reports:MaxCharacters"] = "200" });
        var (datasetId, _) = await LabelingSeed.ImportAsync(host, "reports-sample", rows: 10, unlabelled: 0);
        using var scope = host.Services.CreateScope();
        var reviews = scope.ServiceProvider.GetRequiredService<ReviewQueue>();
        int tech = await LabelingSeed.LabelIdAsync(host, datasetId, "Sci/Tech");
        await reviews.ReportWrongAsync(datasetId, "Chip maker unveils processor", "About technology.", tech, null, "erin", CancellationToken.None);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        async Task<(int, int)> Counts() => (await db.Articles.CountAsync(a => a.DatasetId == datasetId), await db.ReviewItems.CountAsync(r => r.DatasetId == datasetId));
        var before = await Counts();

        var again = await Assert.ThrowsAsync<LabelingException>(() =>
            reviews.ReportWrongAsync(datasetId, " Chip maker unveils processor", "About technology. ", tech, "again", "erin", CancellationToken.None));
        Assert.Equal("You already reported this article: it is waiting for review.", again.Message);

        var tooLong = await Assert.ThrowsAsync<LabelingException>(() =>
            reviews.ReportWrongAsync(datasetId, "Long", new string('x', 197), tech, null, "erin", CancellationToken.None));
        Assert.Equal("A reported article has at most 200 characters (title at most 1,000).", tooLong.Message);
        Assert.Equal(before, await Counts());

        // Someone else may report the same article; erin may report a second one, and then she is at her cap.
        await reviews.ReportWrongAsync(datasetId, "Chip maker unveils processor", "About technology.", tech, null, "frank", CancellationToken.None);
        await reviews.ReportWrongAsync(datasetId, "Phone sales", "Gadgets.", tech, null, "erin", CancellationToken.None);
        var afterTwo = await Counts();
        var capped = await Assert.ThrowsAsync<LabelingException>(() =>
            reviews.ReportWrongAsync(datasetId, "Third", "One too many.", tech, null, "erin", CancellationToken.None));
        Assert.Equal("You have 2 reports waiting for review in this dataset (the most allowed): wait until a reviewer handles them.", capped.Message);
        Assert.Equal(afterTwo, await Counts());

        // A handled report frees its place.
        var first = await db.ReviewItems.Where(r => r.DatasetId == datasetId && r.CreatedBy == "erin").OrderBy(r => r.Id).FirstAsync();
        await reviews.DismissAsync(first.Id, "rita", CancellationToken.None);
        await reviews.ReportWrongAsync(datasetId, "Third", "One too many.", tech, null, "erin", CancellationToken.None);
    }
}
