using NewsClassifier.Application.Snapshots;

namespace NewsClassifier.Application.Tests.Snapshots;

/// <summary>Snapshots freeze what a run trains on: same content, same snapshot; changed labels, a new one.</summary>
public class SnapshotTests(NewsHost app) : IClassFixture<NewsHost>
{
    [Fact]
    public async Task Identical_content_reuses_a_snapshot_and_relabelling_makes_a_new_one_while_the_old_stays_frozen()
    {
        var datasetId = await SampleData.ImportSampleAsync(app, "snapshot-sample", rows: 200);
        using var scope = app.Services.CreateScope();
        var snapshots = scope.ServiceProvider.GetRequiredService<SnapshotService>();

        var first = await snapshots.CreateOrReuseAsync(datasetId, 0.2, 42, CancellationToken.None);
        var again = await snapshots.CreateOrReuseAsync(datasetId, 0.2, 42, CancellationToken.None);
        Assert.Equal(first.Snapshot.Id, again.Snapshot.Id);
        Assert.Equal(64, first.Snapshot.ContentHash.Length);
        Assert.Equal(200, first.Snapshot.ArticleCount);
        Assert.Equal(first.Validation.Length, first.Snapshot.ValidationCount);

        var otherSplit = await snapshots.CreateOrReuseAsync(datasetId, 0.2, 7, CancellationToken.None);
        Assert.NotEqual(first.Snapshot.Id, otherSplit.Snapshot.Id);

        // Relabel one article (World -> Sports) the way labelling will.
        long relabelled;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync())
        {
            var sports = await db.LabelClasses.SingleAsync(l => l.DatasetId == datasetId && l.Ordinal == 1);
            var article = await db.Articles.Include(a => a.Label).FirstAsync(a => a.DatasetId == datasetId && a.Label!.Ordinal == 0);
            article.LabelId = sports.Id;
            relabelled = article.Id;
            await db.SaveChangesAsync();
        }

        var after = await snapshots.CreateOrReuseAsync(datasetId, 0.2, 42, CancellationToken.None);
        Assert.NotEqual(first.Snapshot.Id, after.Snapshot.Id);

        // The first snapshot still holds the label it froze.
        var reloaded = await snapshots.LoadAsync(first.Snapshot.Id, CancellationToken.None);
        var index = Array.IndexOf(reloaded.ArticleIds, relabelled);
        Assert.Equal(0, reloaded.Data.Labels[index]);
        Assert.Equal(first.Data.Labels, reloaded.Data.Labels);
        Assert.Equal(first.Validation, reloaded.Validation);

        var diff = await scope.ServiceProvider.GetRequiredService<SnapshotQueries>().DiffAsync(first.Snapshot.Id, after.Snapshot.Id, CancellationToken.None);
        Assert.NotNull(diff);
        Assert.Equal(0, diff.Added);
        Assert.Equal(0, diff.Removed);
        Assert.Equal(1, diff.LabelsChanged);
        Assert.Equal(new[] { relabelled }, diff.ChangedArticleIds);
        var world = diff.PerClass.Single(c => c.Label == "World");
        Assert.Equal(world.Before - 1, world.After);
        var sportsDelta = diff.PerClass.Single(c => c.Label == "Sports");
        Assert.Equal(sportsDelta.Before + 1, sportsDelta.After);

        var listed = await scope.ServiceProvider.GetRequiredService<SnapshotQueries>().ListAsync(datasetId, CancellationToken.None);
        Assert.Equal(3, listed.Count);
    }

    [Fact]
    public async Task A_finished_run_links_its_snapshot_and_stores_a_prediction_per_validation_article()
    {
        var datasetId = await SampleData.ImportSampleAsync(app, "lineage-sample", rows: 200);
        using var scope = app.Services.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<NewsClassifier.Application.Training.RunLauncher>();
        var id = await queue.SubmitAsync(new NewsClassifier.Application.Training.TrainingRequest(datasetId, "custom", SampleData.TinyModel), CancellationToken.None);

        NewsClassifier.Domain.Runs.TrainingRun? run = null;
        var runs = scope.ServiceProvider.GetRequiredService<NewsClassifier.Application.Runs.RunQueries>();
        for (int i = 0; i < 600 && run is not { IsFinished: true }; i++)
        {
            await Task.Delay(100);
            run = await runs.GetRunAsync(id, CancellationToken.None);
        }

        Assert.Equal(NewsClassifier.Domain.Runs.RunState.Succeeded, run!.State);
        Assert.NotNull(run.SnapshotId);
        Assert.Equal("web", run.StartedBy);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var predictions = await db.RunPredictions.Where(p => p.RunId == id).ToListAsync();
        Assert.Equal(run.ValidationArticles, predictions.Count);
        var validationIds = await db.SnapshotArticles.Where(a => a.SnapshotId == run.SnapshotId && a.IsValidation).Select(a => a.ArticleId).ToListAsync();
        Assert.Equal(validationIds.OrderBy(x => x), predictions.Select(p => p.ArticleId).OrderBy(x => x));
        Assert.Equal(run.ValidationAccuracy!.Value, predictions.Count(p => p.Actual == p.Predicted) / (double)predictions.Count, 6);
    }
}
