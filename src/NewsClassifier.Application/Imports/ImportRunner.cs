using System.Diagnostics;
using System.Text.Json;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Downloads (for URLs) and imports one file into a new dataset. Progress goes to the import's row
/// (throttled) and to <see cref="Notifier{T}"/>. No automatic retry: a failed import has a report
/// for a person to read, and the importer is all-or-nothing, so a manual retry is always safe.
/// </summary>
public sealed class ImportRunner(
    IDbContextFactory<NewsDbContext> contexts,
    DatasetImporter importer,
    FileDownloader downloader,
    DataPaths paths,
    Notifier<ImportStatus> notifier,
    TimeProvider clock,
    ILogger<ImportRunner> logger)
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(int importId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var import = await db.DatasetImports.SingleOrDefaultAsync(i => i.Id == importId, cancellationToken);
        if (import is null || import.State is ImportState.Succeeded or ImportState.Failed or ImportState.Cancelled)
        {
            logger.LogInformation("Import {ImportId} is gone or finished; nothing to do", importId);
            return;
        }

        import.State = ImportState.Running;
        import.Message = null;
        import.Attempts++; // saved before any byte is read: an import that takes the process down is counted
        await db.SaveChangesAsync(cancellationToken);
        Publish(import, "starting");

        var lastSave = Stopwatch.StartNew();
        // Saved before it is published: a page that reacts to a final state reads the report from the row.
        async Task SaveProgressAsync(string phase, bool force = false)
        {
            if (force || lastSave.Elapsed >= SaveInterval)
            {
                lastSave.Restart();
                await db.SaveChangesAsync(CancellationToken.None);
            }
            Publish(import, phase);
        }

        try
        {
            var path = import.StagedPath;
            if (import.SourceKind == ImportSourceKind.Url)
            {
                path = Path.Combine(paths.StagingDirectory, $"import-{import.Id}.download");
                // Progress handlers run on the thread pool; keep only the newest numbers and let this loop save them.
                var downloadProgress = new SynchronousProgress<DownloadProgress>(p =>
                {
                    import.BytesDone = p.BytesDone;
                    import.BytesTotal = p.BytesTotal ?? 0;
                    Publish(import, "downloading");
                });
                await downloader.DownloadAsync(new Uri(import.Source), path, downloadProgress, cancellationToken);
                import.StagedPath = path;
                await SaveProgressAsync("downloaded", force: true);
            }

            var spec = JsonSerializer.Deserialize<ImportSpec>(import.SpecJson, StoredJson.Options) ?? new ImportSpec();
            var request = new ImportRequest(path!, import.DatasetName, spec, import.Source, ImportId: import.Id);
            var importProgress = new SynchronousProgress<ImportProgress>(p =>
            {
                import.BytesDone = p.BytesRead;
                import.BytesTotal = p.BytesTotal;
                import.RowsRead = p.RowsRead;
                Publish(import, p.Phase);
            });
            var result = await importer.ImportAsync(request, importProgress, cancellationToken);

            import.State = result.Succeeded ? ImportState.Succeeded : ImportState.Failed;
            import.DatasetId = result.DatasetId;
            import.RowsRead = result.Report.RowsRead;
            import.Message = result.Message;
            import.ReportJson = JsonSerializer.Serialize(result.Report, StoredJson.Options);
            import.FinishedAt = clock.GetUtcNow().UtcDateTime;
            if (result.Succeeded)
            {
                DeleteStagedCopy(import);
                // A big import leaves a WAL file as large as itself; fold it into the database and truncate it.
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", CancellationToken.None);
            }
            await SaveProgressAsync(result.Succeeded ? "done" : "refused", force: true);
            logger.LogInformation("Import {ImportId} into '{Dataset}': {Message}", import.Id, LogText.Safe(import.DatasetName), LogText.Safe(result.Message));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            import.State = ImportState.Cancelled;
            import.Message = "Cancelled; nothing was saved.";
            import.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await SaveProgressAsync("cancelled", force: true);
        }
        catch (Exception e) when (e is ImportException or DownloadException or IOException or InvalidDataException)
        {
            // Errors about the input (unreadable file, refused download): the user reads them on the page.
            await FailAsync(e.Message);
            logger.LogWarning(e, "Import {ImportId} failed", import.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug or an outage: the row must not stay "running"; Hangfire's dashboard keeps the stack trace.
            await FailAsync($"The import failed unexpectedly: {e.Message}");
            logger.LogError(e, "Import {ImportId} failed unexpectedly", import.Id);
            throw;
        }

        async Task FailAsync(string message)
        {
            import.State = ImportState.Failed;
            import.Message = message;
            import.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await SaveProgressAsync("failed", force: true);
        }
    }

    private void Publish(DatasetImport import, string phase) => notifier.Publish(ImportStatus.From(import, phase));

    /// <summary>Uploads and downloads are our copies; a server path is the user's file and stays.</summary>
    private void DeleteStagedCopy(DatasetImport import)
    {
        if (import.SourceKind == ImportSourceKind.ServerPath || import.StagedPath is null) return;
        try { File.Delete(import.StagedPath); }
        catch (IOException e) { logger.LogWarning(e, "Could not delete staged file {Path}", import.StagedPath); }
    }
}
