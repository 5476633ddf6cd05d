using NewsClassifier.Application.Snapshots;

namespace NewsClassifier.Application.Tests.Snapshots;

/// <summary>The snapshot content hash covers everything a run learns from: the texts, the label names and the split.</summary>
public class SnapshotHashTests(NewsHost app) : IClassFixture<NewsHost>
{
    private async Task<T> WithAsync<T>(Func<SnapshotService, Task<T>> action)
    {
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<SnapshotService>());
    }

    private Task<string> HashAsync(int datasetId, double fraction = 0.2, int seed = 42) =>
        WithAsync(async s => (await s.CreateOrReuseAsync(datasetId, fraction, seed, CancellationToken.None)).Snapshot.ContentHash);

    private async Task ChangeAsync(Func<NewsDbContext, Task> change)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        await change(db);
    }

    [Fact]
    public async Task Same_content_gives_the_same_hash_and_text_label_name_and_split_changes_each_give_a_new_one()
    {
        var datasetId = await SampleData.ImportSampleAsync(app, "hash-sample", rows: 120);
        var original = await HashAsync(datasetId);
        Assert.Matches("^[0-9a-f]{64}$", original);
        Assert.Equal(original, await HashAsync(datasetId));

        var otherFraction = await HashAsync(datasetId, fraction: 0.3);
        Assert.NotEqual(original, otherFraction);

        await ChangeAsync(async db =>
        {
            var first = await db.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.Id).FirstAsync();
            first.Text += " (corrected)";
            await db.SaveChangesAsync();
        });
        var afterText = await HashAsync(datasetId);
        Assert.NotEqual(original, afterText);

        await ChangeAsync(db => db.LabelClasses.Where(l => l.DatasetId == datasetId && l.Name == "Sci/Tech")
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Name, "Science")));
        var afterRename = await HashAsync(datasetId);
        Assert.NotEqual(afterText, afterRename);
        Assert.NotEqual(original, afterRename);
        Assert.Equal(afterRename, await HashAsync(datasetId)); // and stable again once nothing changes

        Assert.Equal(4, new[] { original, otherFraction, afterText, afterRename }.Distinct().Count());
    }

    /// <summary>Two runs started at once on the same dataset ask for the same snapshot.</summary>
    [Fact]
    public async Task Two_concurrent_create_or_reuse_calls_give_one_snapshot()
    {
        var datasetId = await SampleData.ImportSampleAsync(app, "concurrent-hash-sample", rows: 200);

        var both = await Task.WhenAll(
            Task.Run(() => WithAsync(s => s.CreateOrReuseAsync(datasetId, 0.2, 42, CancellationToken.None))),
            Task.Run(() => WithAsync(s => s.CreateOrReuseAsync(datasetId, 0.2, 42, CancellationToken.None))));

        Assert.Equal(both[0].Snapshot.Id, both[1].Snapshot.Id);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.DatasetSnapshots.CountAsync(s => s.DatasetId == datasetId));
        Assert.Equal(200, await db.SnapshotArticles.CountAsync(a => a.SnapshotId == both[0].Snapshot.Id));
    }
}
