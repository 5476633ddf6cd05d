using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Tests.Import;
using NewsClassifier.Data;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Tests.Hosting;

/// <summary>The start-up sweep deletes the Importing datasets no import will finish or retry, and keeps the others.</summary>
public sealed class PartialDatasetSweeperTests
{
    [Fact]
    public async Task Partial_datasets_of_finished_gone_or_stale_cli_imports_are_deleted_and_those_of_live_imports_kept()
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
            ImportBatchesTests.LeavePartialDataset(db, "old-cli", importId: null, articles: 4, createdAt: DateTime.UtcNow.AddHours(-48)),
        };
        var kept = new[]
        {
            ImportBatchesTests.LeavePartialDataset(db, "running", running.Id, articles: 3),   // its job is writing it
            ImportBatchesTests.LeavePartialDataset(db, "queued", queued.Id, articles: 3),     // its retry deletes it first
            ImportBatchesTests.LeavePartialDataset(db, "new-cli", importId: null, articles: 3), // a CLI import may be running
        };

        var deleted = await db.Services.GetRequiredService<PartialDatasetSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(swept.Order(), deleted.Order());
        var left = string.Join(",", kept.Append(ready.DatasetId!.Value).Order());
        Assert.Equal(left, string.Join(",", await context.Datasets.IgnoreQueryFilters().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync()));
        Assert.Equal(6_000 + 9, db.Scalar("SELECT COUNT(*) FROM Articles"));
        Assert.Equal(6_000 + 9, db.Scalar("SELECT COUNT(*) FROM ArticleSearch"));
        Assert.Equal(4 + 3, db.Scalar("SELECT COUNT(*) FROM LabelClasses"));
        Assert.Empty(await db.Services.GetRequiredService<PartialDatasetSweeper>().SweepAsync(CancellationToken.None));
    }
}
