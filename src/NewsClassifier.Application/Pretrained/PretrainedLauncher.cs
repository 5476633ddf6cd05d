using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Application.Pretrained;

/// <summary>
/// Queues checkpoint imports recorded by <see cref="PretrainedRequests"/> (row first, then the job, as dataset imports
/// do); retries, cancels and deletes them. Errors a user can fix come back as <see cref="PretrainedException"/>.
/// </summary>
public sealed class PretrainedLauncher(
    IDbContextFactory<NewsDbContext> contexts,
    PretrainedRequests requests,
    IBackgroundWork work,
    DataPaths paths,
    Notifier<PretrainedStatus> notifier,
    TimeProvider clock,
    ILogger<PretrainedLauncher> logger)
{
    /// <summary>Records the import and queues its job.</summary>
    public async Task<int> SubmitAsync(PretrainedRequest request, bool restrictServerPaths, CancellationToken cancellationToken)
    {
        var id = await requests.CreateAsync(request, restrictServerPaths, cancellationToken);
        await EnqueueAsync(id, cancellationToken);
        return id;
    }

    /// <summary>Queues a Failed import again; a hub download keeps its finished files and resumes the partial one.</summary>
    public async Task RetryAsync(int id, CancellationToken cancellationToken)
    {
        await requests.MarkForRetryAsync(id, cancellationToken);
        await EnqueueAsync(id, cancellationToken);
    }

    /// <summary>Stops a queued or running import; it ends as Failed ("Cancelled") and can be retried or deleted.</summary>
    public async Task<bool> CancelAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.PretrainedCheckpoints.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (row is null || row.IsFinished) return false;
        if (row.JobId is not null) work.Cancel(row.JobId);
        if (row.State == PretrainedState.Queued)
        {
            row.State = PretrainedState.Failed;
            row.Error = "Cancelled before it started.";
            row.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            notifier.Publish(PretrainedStatus.From(row, "cancelled"));
        }
        return true;
    }

    /// <summary>Removes a finished (Ready or Failed) or queued checkpoint with its files and staged zip.</summary>
    /// <returns>False when there is no such checkpoint.</returns>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.PretrainedCheckpoints.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (row is null) return false;
        if (row.State is PretrainedState.Downloading or PretrainedState.Validating)
            throw new PretrainedException($"'{row.Name}' is still importing; cancel it first.");
        if (row.JobId is not null && row.State == PretrainedState.Queued) work.Cancel(row.JobId);
        db.PretrainedCheckpoints.Remove(row);
        await db.SaveChangesAsync(cancellationToken);

        var folder = Path.Combine(paths.PretrainedDirectory, row.Folder);
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            if (row.StagedPath is not null) File.Delete(row.StagedPath);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the files of pretrained checkpoint '{Name}' ({Folder})", LogText.Safe(row.Name), folder);
        }
        notifier.Publish(PretrainedStatus.From(row, "deleted"));
        return true;
    }

    private async Task EnqueueAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.PretrainedCheckpoints.SingleAsync(p => p.Id == id, cancellationToken);
        row.JobId = work.ImportPretrained(id);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(PretrainedStatus.From(row, "queued"));
    }


}
