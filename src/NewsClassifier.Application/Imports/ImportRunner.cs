using System.Diagnostics;
using NewsClassifier.Application.Leases;
using NewsClassifier.Data.Sql;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Downloads (for URLs) and imports one file into a new dataset. Progress goes to the import's row
/// (throttled) and to <see cref="Notifier{T}"/>. No automatic retry: a failed import has a report
/// for a person to read, and the importer is all-or-nothing, so a manual retry is always safe. The import is held by a
/// lease while it runs; a host stop puts it back in the queue (it runs again at the next start), while a user's cancel
/// (ImportLauncher.CancelAsync deletes the job, which fires its token while the app keeps running) ends it Cancelled.
/// </summary>
public sealed class ImportRunner(
    IDbContextFactory<NewsDbContext> contexts,
    DatasetImporter importer,
    FileDownloader downloader,
    DataPaths paths,
    Notifier<ImportStatus> notifier,
    WorkLeases leases,
    FinalStateWriter finalState,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<ImportRunner> logger)
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The work stops on a host stop, a user's cancel, or the lease passing to another process.</summary>
    public Task RunAsync(int importId, CancellationToken cancellationToken) =>
        leases.RunHeldAsync(WorkKinds.Import, importId, (lease, work) => RunHeldAsync(importId, lease, work), cancellationToken);

    private async Task RunHeldAsync(int importId, LeaseHeartbeat lease, CancellationToken cancellationToken)
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
            }
            await SaveFinalAsync(result.Succeeded ? "done" : "refused");
            logger.LogInformation("Import {ImportId} into '{Dataset}': {Message}", import.Id, LogText.Safe(import.DatasetName), LogText.Safe(result.Message));
        }
        catch (OperationCanceledException) when (lease.IsLost)
        {
            logger.LogWarning("Import {ImportId} stopped: its lease was taken over by another process; this attempt writes nothing more", import.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // A deploy or a restart, not the user: back to the queue (the importer kept nothing), and recovery starts it
            // again at the next start. Not a crash, so the attempt is given back.
            import.State = ImportState.Queued;
            import.Attempts--;
            import.Message = "The server stopped during this import; it continues at the next start.";
            await SaveFinalAsync("interrupted");
            logger.LogWarning("Import {ImportId} into '{Dataset}' interrupted by shutdown; it continues at the next start", import.Id, LogText.Safe(import.DatasetName));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            import.State = ImportState.Cancelled;
            import.Message = "Cancelled; nothing was saved.";
            import.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await SaveFinalAsync("cancelled");
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
            await SaveFinalAsync("failed");
        }

        // The end through the job's context, or through a fresh one when that one fails: the row never stays "running".
        async Task SaveFinalAsync(string phase)
        {
            try
            {
                await SaveProgressAsync(phase, force: true);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Import {ImportId}: the job's context could not save its final state ({State}); writing it through a fresh context", import.Id, import.State);
                if (await finalState.WriteAsync(import, e)) Publish(import, phase);
            }
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
