using System.Text.Json;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Application.Snapshots;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Tests.Labeling;

/// <summary>Label-set editing and "this is wrong" reports on the real database.</summary>
public class LabelSetAndReportTests(NewsHost app) : IClassFixture<NewsHost>
{
    [Fact]
    public async Task Merging_a_label_relabels_articles_and_annotations_keeps_ordinals_dense_and_leaves_snapshots_alone()
    {
        var (datasetId, unlabelled) = await LabelingSeed.ImportAsync(app, "merge-sample", rows: 120, unlabelled: 2);
        using var scope = app.Services.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<AnnotationQueue>();
        var editor = scope.ServiceProvider.GetRequiredService<LabelSetEditor>();
        int sports = await LabelingSeed.LabelIdAsync(app, datasetId, "Sports"), business = await LabelingSeed.LabelIdAsync(app, datasetId, "Business");
        var snapshot = await scope.ServiceProvider.GetRequiredService<SnapshotService>().CreateOrReuseAsync(datasetId, 0.2, 1, CancellationToken.None);
        await queue.SaveSettingsAsync(datasetId, 2, ActiveLearningStrategy.None, 0.9, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ArticleReservations>().HoldAsync(unlabelled[0], "alice", CancellationToken.None);
        await queue.AnnotateAsync(datasetId, unlabelled[0], "alice", sports, CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        int sportsArticles = await db.Articles.CountAsync(a => a.LabelId == sports);
        int businessArticles = await db.Articles.CountAsync(a => a.LabelId == business);

        var moved = await editor.MergeAsync(datasetId, sports, business, CancellationToken.None);

        Assert.Equal(sportsArticles, moved);
        Assert.Equal(sportsArticles + businessArticles, await db.Articles.CountAsync(a => a.LabelId == business));
        Assert.Equal(business, (await db.Annotations.SingleAsync(a => a.ArticleId == unlabelled[0])).LabelId);
        var labels = await queue.LabelsAsync(datasetId, CancellationToken.None);
        Assert.Equal([(0, "World"), (1, "Business"), (2, "Sci/Tech")], labels.Select(l => (l.Ordinal, l.Name)));
        var frozen = await db.DatasetSnapshots.SingleAsync(s => s.Id == snapshot.Snapshot.Id);
        Assert.Equal(["World", "Sports", "Business", "Sci/Tech"], JsonSerializer.Deserialize<string[]>(frozen.LabelNamesJson)!);

        await editor.RenameAsync(datasetId, business, "Business & Sports", CancellationToken.None);
        var added = await editor.AddAsync(datasetId, "Health", CancellationToken.None);
        Assert.Equal(3, added.Ordinal);
        Assert.Equal(4, added.Key);
        await Assert.ThrowsAsync<LabelingException>(() => editor.AddAsync(datasetId, "health", CancellationToken.None));
        await Assert.ThrowsAsync<LabelingException>(() => editor.RenameAsync(datasetId, added.Id, "World", CancellationToken.None));
        await Assert.ThrowsAsync<LabelingException>(() => editor.MergeAsync(datasetId, added.Id, added.Id, CancellationToken.None));
    }

    [Fact]
    public async Task This_is_wrong_files_a_new_unlabelled_article_with_the_proposed_label_for_review()
    {
        var (datasetId, _) = await LabelingSeed.ImportAsync(app, "report-sample", rows: 30, unlabelled: 0);
        using var scope = app.Services.CreateScope();
        var reviews = scope.ServiceProvider.GetRequiredService<ReviewQueue>();
        int tech = await LabelingSeed.LabelIdAsync(app, datasetId, "Sci/Tech");

        var item = await reviews.ReportWrongAsync(datasetId, "  Chip maker unveils new processor ", "It is about technology, not business.", tech, "model said Business", "erin", CancellationToken.None);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var article = await db.Articles.SingleAsync(a => a.Id == item.ArticleId);
        Assert.Equal((datasetId, "Chip maker unveils new processor", (int?)null, 0), (article.DatasetId, article.Title, article.LabelId, article.SourceRow));
        Assert.Equal(31, (await db.Datasets.SingleAsync(d => d.Id == datasetId)).ArticleCount);
        var open = Assert.Single(await reviews.OpenAsync(datasetId, 10, CancellationToken.None));
        Assert.Equal((ReviewReason.ReportedWrong, "Sci/Tech", "erin", "model said Business"), (open.Item.Reason, open.ProposedLabel, open.Item.CreatedBy, open.Item.Note));
        var card = await scope.ServiceProvider.GetRequiredService<AnnotationQueue>().CardAsync(datasetId, article.Id, "x", CancellationToken.None);
        Assert.Equal("reported from Classify", card!.Source);

        await reviews.ResolveAsync(item.Id, tech, "rita", CancellationToken.None);
        Assert.Equal(tech, await LabelingSeed.GoldAsync(app, item.ArticleId));
        await Assert.ThrowsAsync<LabelingException>(() => reviews.DismissAsync(item.Id, "rita", CancellationToken.None));
        await Assert.ThrowsAsync<LabelingException>(() => reviews.ReportWrongAsync(datasetId, " ", null, tech, null, "erin", CancellationToken.None));
    }
}
