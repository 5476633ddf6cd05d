using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Application.Hosting;

/// <summary>
/// Deletes what interrupted or abandoned work left under the data directory, so it cannot fill the disk: staged
/// uploads and downloads (<c>staging/</c>), <c>.partial</c> hub downloads in checkpoint folders, and half-extracted
/// model archives (<c>artifacts/imported/*.partial</c>). Only what is older than <see cref="SweepOptions.StaleAfterHours"/>
/// and belongs to no import that can still run: a queued or running dataset import keeps its staged file and download,
/// a checkpoint import that is not Ready (a failed one can be retried and resumes) keeps its zip and partial files.
/// Each removal is logged.
/// </summary>
public sealed class StagingSweeper(IDbContextFactory<NewsDbContext> contexts, DataPaths paths, IOptions<SweepOptions> options, TimeProvider clock,
    ILogger<StagingSweeper> logger)
{
    /// <summary>The full paths removed.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(options.Value.StaleAfterHours);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var imports = await db.DatasetImports.AsNoTracking().Where(i => i.State == ImportState.Queued || i.State == ImportState.Running)
            .Select(i => new { i.Id, i.StagedPath }).ToListAsync(cancellationToken);
        var checkpoints = await db.PretrainedCheckpoints.AsNoTracking().Where(p => p.State != PretrainedState.Ready)
            .Select(p => new { p.StagedPath, p.Folder }).ToListAsync(cancellationToken);

        var staging = paths.StagingDirectory;
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var import in imports)
        {
            if (import.StagedPath is { } staged) keep.Add(Path.GetFullPath(staged));
            var download = Path.Combine(staging, $"import-{import.Id}.download"); // where ImportRunner downloads a URL import
            keep.Add(download);
            keep.Add(download + ".partial");
        }
        foreach (var staged in checkpoints.Select(c => c.StagedPath).OfType<string>()) keep.Add(Path.GetFullPath(staged));
        var liveFolders = checkpoints.Select(c => Path.Combine(paths.PretrainedDirectory, c.Folder)).ToHashSet(StringComparer.Ordinal);

        var removed = new List<string>();
        foreach (var file in new DirectoryInfo(staging).EnumerateFiles())
            if (!keep.Contains(file.FullName) && file.LastWriteTimeUtc < cutoff) Delete(file, removed);
        foreach (var folder in new DirectoryInfo(paths.PretrainedDirectory).EnumerateDirectories())
        {
            if (liveFolders.Contains(folder.FullName)) continue;
            foreach (var file in folder.EnumerateFiles("*.partial"))
                if (file.LastWriteTimeUtc < cutoff) Delete(file, removed);
        }
        var imported = new DirectoryInfo(Path.Combine(paths.ArtifactsDirectory, "imported"));
        if (imported.Exists)
            foreach (var folder in imported.EnumerateDirectories("*.partial"))
                if (folder.LastWriteTimeUtc < cutoff) Delete(folder, removed);
        if (removed.Count > 0) logger.LogInformation("Start-up sweep removed {Count} stale staging entries", removed.Count);
        return removed;
    }

    private void Delete(FileSystemInfo entry, List<string> removed)
    {
        try
        {
            long bytes = entry is FileInfo file ? file.Length : 0;
            if (entry is DirectoryInfo folder) folder.Delete(recursive: true);
            else entry.Delete();
            removed.Add(entry.FullName);
            logger.LogInformation("Swept stale {Path} ({Bytes:N0} bytes, last written {LastWrite:u})", entry.FullName, bytes, entry.LastWriteTimeUtc);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not sweep {Path}", entry.FullName);
        }
    }
}
