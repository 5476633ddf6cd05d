using NewsClassifier.Application.Hosting;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Application.Tests.Hosting;

/// <summary>The start-up sweep deletes stale staging files that no runnable import owns, and nothing else.</summary>
public sealed class StagingSweeperTests(NewsHost app) : IClassFixture<NewsHost>
{
    private static readonly DateTime TwoDaysAgo = DateTime.UtcNow.AddHours(-48);

    private static string Old(string path)
    {
        if (Directory.Exists(path)) Directory.SetLastWriteTimeUtc(path, TwoDaysAgo);
        else File.SetLastWriteTimeUtc(path, TwoDaysAgo);
        return path;
    }

    private static string Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "staged bytes");
        return path;
    }

    [Fact]
    public async Task Stale_files_without_a_runnable_import_are_removed_and_live_or_recent_ones_kept()
    {
        var paths = app.Services.GetRequiredService<DataPaths>();
        var staging = paths.StagingDirectory;
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var liveUpload = Old(Write(Path.Combine(staging, "live-upload.csv")));
        var import = new DatasetImport { DatasetName = "sweep-live", Source = "upload.csv", SourceKind = ImportSourceKind.Upload, StagedPath = liveUpload, State = ImportState.Queued };
        var finished = new DatasetImport { DatasetName = "sweep-done", Source = "u.csv", SourceKind = ImportSourceKind.Upload, StagedPath = Path.Combine(staging, "done.csv"), State = ImportState.Failed };
        var downloading = new PretrainedCheckpoint { Name = "sweep-downloading", Source = "org/m", Folder = "sweep-downloading", CreatedBy = "t", State = PretrainedState.Downloading };
        var ready = new PretrainedCheckpoint { Name = "sweep-ready", Source = "org/r", Folder = "sweep-ready", CreatedBy = "t", State = PretrainedState.Ready };
        db.AddRange(import, finished, downloading, ready);
        await db.SaveChangesAsync();

        var stale = new[]
        {
            Old(Write(Path.Combine(staging, "abandoned-upload.csv"))),
            Old(Write(Path.Combine(staging, "done.csv"))), // its import failed: nothing will read it again
            Old(Write(Path.Combine(staging, "url-abc-news.csv.partial"))),
            Old(Write(Path.Combine(paths.PretrainedDirectory, "sweep-ready", "model.safetensors.partial"))),
            Old(Write(Path.Combine(paths.PretrainedDirectory, "no-row-folder", "pytorch_model.bin.partial"))),
        };
        var halfExtracted = Path.Combine(paths.ArtifactsDirectory, "imported", "copy-20260101-abc.partial");
        Write(Path.Combine(halfExtracted, "weights.dat"));
        Old(halfExtracted);
        var kept = new[]
        {
            liveUpload,
            Old(Write(Path.Combine(staging, $"import-{import.Id}.download.partial"))),          // a queued URL import resumes from it
            Old(Write(Path.Combine(paths.PretrainedDirectory, "sweep-downloading", "model.safetensors.partial"))),
            Write(Path.Combine(staging, "fresh-upload.csv")),                                     // recent: may be a preview in progress
            Old(Write(Path.Combine(paths.PretrainedDirectory, "sweep-ready", "model.safetensors"))), // not a .partial
        };

        var removed = await app.Services.GetRequiredService<StagingSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(stale.Append(halfExtracted).Order(), removed.Order());
        Assert.All(stale, f => Assert.False(File.Exists(f), f));
        Assert.False(Directory.Exists(halfExtracted));
        Assert.All(kept, f => Assert.True(File.Exists(f), f));
        Assert.Empty(await app.Services.GetRequiredService<StagingSweeper>().SweepAsync(CancellationToken.None));
    }
}
