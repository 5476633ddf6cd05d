using NewsClassifier.Application.Outbound;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Imports;

/// <summary>Accepts imports from the UI: stages uploads, validates the request, records the import and
/// queues its job. Errors a user can fix come back as <see cref="ImportRequestException"/>.</summary>
public sealed class ImportLauncher(
    IDbContextFactory<NewsDbContext> contexts,
    IBackgroundWork work,
    DataPaths paths,
    IOptions<ImportOptions> importOptions,
    Notifier<ImportStatus> notifier,
    OutboundGuard outbound,
    TimeProvider clock)
{
    /// <summary>Copies an upload to the staging folder, so the import job can read it after the
    /// browser is gone and a failed import can be retried with another mapping.</summary>
    public async Task<string> StageUploadAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var safeName = string.Concat(Path.GetFileName(fileName).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var path = Path.Combine(paths.StagingDirectory, $"{Guid.NewGuid():N}-{safeName}");
        await using (var file = File.Create(path))
        {
            await content.CopyToAsync(file, cancellationToken);
        }
        return path;
    }

    public async Task<int> SubmitAsync(ImportSubmission submission, CancellationToken cancellationToken)
    {
        var name = submission.DatasetName.Trim();
        if (name.Length == 0) throw new ImportRequestException("Give the dataset a name.");
        if (name.Length > Dataset.MaxNameLength) throw new ImportRequestException($"The name is longer than {Dataset.MaxNameLength} characters.");

        string? stagedPath = submission.StagedPath;
        switch (submission.SourceKind)
        {
            case ImportSourceKind.Upload when stagedPath is null || !File.Exists(stagedPath):
                throw new ImportRequestException("The uploaded file is missing on the server; upload it again.");
            case ImportSourceKind.ServerPath:
                if (!importOptions.Value.IsAllowedServerPath(submission.Source))
                    throw new ImportRequestException($"'{submission.Source}' is outside the folders this server imports from (Import:ServerPathRoots).");
                if (!File.Exists(submission.Source)) throw new ImportRequestException($"No file at '{submission.Source}'.");
                stagedPath = submission.Source;
                break;
            case ImportSourceKind.Url:
                if (!Uri.TryCreate(submission.Source, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    throw new ImportRequestException("Give an http:// or https:// URL.");
                // Refused here, before the row is written: a URL with credentials is never stored, and an address the
                // download may not reach is named now instead of in a failed import. Connecting checks again.
                try { await outbound.CheckUrlAsync(url, cancellationToken); }
                catch (OutboundRefusedException e) { throw new ImportRequestException(e.Message); }
                stagedPath = null; // downloaded by the job
                break;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Importing datasets are hidden from queries but hold their name: say which case it is.
        var taken = await db.Datasets.IgnoreQueryFilters().Where(d => d.Name == name).Select(d => (DatasetState?)d.State).FirstOrDefaultAsync(cancellationToken);
        if (taken == DatasetState.Importing)
            throw new ImportRequestException($"A dataset named '{name}' is being imported right now; wait until that import ends, or choose another name.");
        if (taken is not null) throw new ImportRequestException($"A dataset named '{name}' exists already.");

        var import = new DatasetImport
        {
            DatasetName = name,
            SourceKind = submission.SourceKind,
            Source = submission.Source,
            StagedPath = stagedPath,
            SpecJson = JsonSerializer.Serialize(submission.Spec, StoredJson.Options),
            State = ImportState.Queued,
            Message = submission.Description,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.DatasetImports.Add(import);
        await db.SaveChangesAsync(cancellationToken);

        import.JobId = work.ImportDataset(import.Id);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(ImportStatus.From(import, "queued"));
        return import.Id;
    }

    /// <summary>Stops a queued or running import; the job notices the cancellation between rows
    /// and the importer leaves nothing behind.</summary>
    public async Task<bool> CancelAsync(int importId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var import = await db.DatasetImports.FindAsync(new object[] { importId }, cancellationToken);
        if (import is null || import.State is not (ImportState.Queued or ImportState.Running)) return false;
        if (import.JobId is not null) work.Cancel(import.JobId);
        if (import.State == ImportState.Queued)
        {
            import.State = ImportState.Cancelled;
            import.Message = "Cancelled before it started.";
            import.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            notifier.Publish(ImportStatus.From(import, "cancelled"));
        }
        return true;
    }
}

/// <summary>A request the user can correct (bad name, missing file, path not allowed).</summary>
public sealed class ImportRequestException(string message) : Exception(message);
