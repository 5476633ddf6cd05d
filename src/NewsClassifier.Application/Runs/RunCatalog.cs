using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Training;

namespace NewsClassifier.Application.Runs;

/// <summary>A run operation the user asked for but that cannot be done (the message says why).</summary>
public sealed class RunOperationException(string message) : Exception(message);

/// <summary>Changes to recorded runs: tags and notes, re-run, archive, delete (with its artifacts).</summary>
public sealed class RunCatalog(IDbContextFactory<NewsDbContext> contexts, RunLauncher launcher, DataPaths paths, ModelChoiceCache? choices = null)
{
    public const int MaxTagsLength = 500;
    public const int MaxNotesLength = 4_000;

    /// <summary>Stores tags (comma-separated; trimmed, blanks and case-insensitive duplicates dropped) and notes.</summary>
    public async Task UpdateAnnotationsAsync(int runId, string? tags, string? notes, CancellationToken cancellationToken)
    {
        var normalised = NormaliseTags(tags);
        if (normalised.Length > MaxTagsLength) throw new RunOperationException($"Tags are limited to {MaxTagsLength} characters.");
        notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        if (notes?.Length > MaxNotesLength) throw new RunOperationException($"Notes are limited to {MaxNotesLength:N0} characters.");

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = await db.TrainingRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Tags, normalised).SetProperty(r => r.Notes, notes), cancellationToken);
        if (changed == 0) throw new RunOperationException($"There is no run number {runId}.");
    }

    public static string NormaliseTags(string? tags) =>
        string.Join(",", RunTable.ParseTags(tags).Select(t => t.Replace(" ", "-")).Distinct(StringComparer.OrdinalIgnoreCase));

    public async Task SetArchivedAsync(int runId, bool archived, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = await db.TrainingRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.IsArchived, archived), cancellationToken);
        if (changed == 0) throw new RunOperationException($"There is no run number {runId}.");
    }

    /// <summary>Queues a new run of the same dataset, recipe and parameters (the stored, complete set), with the same
    /// tags. The dataset is snapshotted again when the new run starts. Returns the new run's id.</summary>
    public async Task<int> RerunAsync(int runId, string startedBy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
                  ?? throw new RunOperationException($"There is no run number {runId}.");
        var parameters = StoredJson.Deserialize<Dictionary<string, string>>(run.ParametersJson) ?? new();
        int newId;
        try
        {
            newId = await launcher.SubmitAsync(new TrainingRequest(run.DatasetId, run.Recipe, parameters, startedBy) { Tags = run.Tags }, cancellationToken);
        }
        catch (TrainingRequestException e)
        {
            throw new RunOperationException($"Run {runId} cannot be repeated: {e.Message}");
        }
        return newId;
    }

    /// <summary>Deletes a finished run with its metrics, log, predictions and model folder. Refused while it is
    /// queued or running, and while a registered model version uses it.</summary>
    public async Task DeleteAsync(int runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
                  ?? throw new RunOperationException($"There is no run number {runId}.");
        if (!run.IsFinished)
            throw new RunOperationException($"Run {runId} is {run.State.ToString().ToLowerInvariant()}: cancel it before deleting it.");
        var versions = await (from v in db.ModelVersions
                              join m in db.RegisteredModels on v.RegisteredModelId equals m.Id
                              where v.RunId == runId
                              orderby m.Name, v.Version
                              select m.Name + " v" + v.Version).ToListAsync(cancellationToken);
        if (versions.Count > 0)
            throw new RunOperationException(
                $"Run {runId} cannot be deleted: registered model version{(versions.Count > 1 ? "s" : "")} {string.Join(", ", versions)} use{(versions.Count > 1 ? "" : "s")} it. " +
                "Archive it instead, or delete the model version first.");

        // Set-based deletes only, so the whole transaction can run again after a transient SQLITE_BUSY.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.RunPredictions.Where(p => p.RunId == runId).ExecuteDeleteAsync(cancellationToken);
            await db.RunMetrics.Where(m => m.RunId == runId).ExecuteDeleteAsync(cancellationToken);
            await db.RunLogEntries.Where(l => l.RunId == runId).ExecuteDeleteAsync(cancellationToken);
            await db.TrainingRuns.Where(r => r.Id == runId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        // The deleted run may have been the newest-run fallback that classify answered with.
        choices?.Invalidate();

        // Files last: a failed database delete leaves the run whole. Only folders inside the artifacts directory are removed.
        var runFolder = paths.RunDirectory(runId);
        DeleteFolder(runFolder);
        if (run.ArtifactPath is { } artifact && IsInside(paths.ArtifactsDirectory, artifact)) DeleteFolder(artifact);
    }

    private static void DeleteFolder(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    private static bool IsInside(string root, string path)
    {
        var full = Path.GetFullPath(path);
        var prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal);
    }
}
