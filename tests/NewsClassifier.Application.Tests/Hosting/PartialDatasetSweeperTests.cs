using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Tests.Import;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Tests.Hosting;

/// <summary>The start-up sweep deletes the Importing datasets no live import holds, and keeps those being written.</summary>
public sealed class PartialDatasetSweeperTests
{
    [Fact]
    public async Task Partial_datasets_of_finished_gone_or_dead_imports_are_deleted_and_those_of_live_imports_kept()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var context = await db.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        DatasetImport Import(string name, ImportState state) =>
            new() { DatasetName = name, Source = "s.csv", SourceKind = ImportSourceKind.Upload, State = state };
        var failed = Import("failed", ImportState.Failed);
        var cancelled = Import("cancelled", ImportState.Cancelled);
        var running = Import("running", ImportState.Running);
        var queued = Import("queued", ImportState.Queued);
        context.DatasetImports.AddRange(failed, cancelled, running, queued);
        await context.SaveChangesAsync();
        var ready = await db.ImportAsync(TestDatabase.SamplePath, "ready");
        Assert.True(ready.Succeeded, ready.Message);

        var swept = new[]
        {
            ImportBatchesTests.LeavePartialDataset(db, "failed", failed.Id, articles: 5),
            ImportBatchesTests.LeavePartialDataset(db, "cancelled", cancelled.Id, articles: 2),
            ImportBatchesTests.LeavePartialDataset(db, "gone", importId: 9_999, articles: 3),
            ImportBatchesTests.LeavePartialDataset(db, "queued", queued.Id, articles: 3),      // its process died: the retry starts afresh
            ImportBatchesTests.LeavePartialDataset(db, "dead-cli", importId: null, articles: 4),
        };
        var kept = new[]
        {
            ImportBatchesTests.LeavePartialDataset(db, "running", running.Id, articles: 3),   // its job is writing it
            ImportBatchesTests.LeavePartialDataset(db, "live-cli", importId: null, articles: 3), // a CLI import in another process
        };
        var paths = db.Services.GetRequiredService<DataPaths>();
        using var runningLock = ImportLock.TryAcquire(paths, "running");
        using var cliLock = ImportLock.TryAcquire(paths, "live-cli");
        Assert.NotNull(runningLock);
        Assert.NotNull(cliLock);

        var deleted = await db.Services.GetRequiredService<PartialDatasetSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(swept.Order(), deleted.Order());
        var left = string.Join(",", kept.Append(ready.DatasetId!.Value).Order());
        Assert.Equal(left, string.Join(",", await context.Datasets.IgnoreQueryFilters().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync()));
        Assert.Equal(6_000 + 6, db.Scalar("SELECT COUNT(*) FROM \"Articles\""));
        Assert.Equal(6_000 + 6, db.SearchRows());
        Assert.Equal(4 + 2, db.Scalar("SELECT COUNT(*) FROM \"LabelClasses\""));
        Assert.Empty(await db.Services.GetRequiredService<PartialDatasetSweeper>().SweepAsync(CancellationToken.None));
    }
}
