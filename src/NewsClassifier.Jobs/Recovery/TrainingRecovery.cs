using Microsoft.Extensions.Logging;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Training;
using NewsClassifier.ML.Training.Resume;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Runs still queued or running are queued again (a cancelled-but-unfinished one is closed as cancelled); an
/// interrupted Torch run resumes from its last complete epoch (its resume checkpoint), anything else trains again from
/// the start; the log says which. A run the process died during
/// <see cref="CrashLimit.MaxAttempts"/> times is failed instead: training it again would take the server down again.</summary>
internal sealed class TrainingRecovery(IBackgroundWork work, CrashLimit limit, DataPaths paths, TimeProvider clock, ILogger<TrainingRecovery> logger) : IRecoveryHandler
{
    public string Kind => "training runs";

    public string LeaseKind => WorkKinds.Training;

    public Task<List<int>> UnfinishedAsync(NewsDbContext db, RecoveryScope scope, CancellationToken cancellationToken) =>
        InScope(db, scope).Select(r => r.Id).ToListAsync(cancellationToken);

    public async Task<int> RecoverAsync(NewsDbContext db, RecoveryScope scope, IReadOnlyCollection<int> workIds, CancellationToken cancellationToken)
    {
        var interrupted = await InScope(db, scope).Where(r => workIds.Contains(r.Id)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var run in interrupted)
        {
            if (run.CancelRequested)
            {
                run.State = RunState.Cancelled;
                run.FinishedAt = now;
                continue;
            }
            if (limit.IsReached(run.Attempts))
            {
                run.State = RunState.Failed;
                run.Error = limit.Reason(run.Attempts);
                run.FinishedAt = now;
                db.RunLogEntries.Add(new RunLogEntry { RunId = run.Id, At = now, Message = run.Error });
                logger.LogWarning("Run {RunId} ('{Recipe}' on '{Dataset}') was not trained again: the process stopped {Attempts} times while it trained",
                    run.Id, run.Recipe, run.DatasetName, run.Attempts);
                continue;
            }
            if (run.State == RunState.Running)
            {
                db.RunLogEntries.Add(new RunLogEntry { RunId = run.Id, At = now, Message = InterruptedMessage(run) });
            }
            run.State = RunState.Queued;
            run.JobId = work.TrainRun(run.Id);
        }
        return interrupted.Count;
    }

    /// <summary>What the next attempt will do, as RunTrainer will find it: a verified checkpoint to resume from, or none.</summary>
    private string InterruptedMessage(TrainingRun run) =>
        RecipeCatalog.UsesTorch(run.Recipe) && ResumeCheckpoint.Peek(paths.RunDirectory(run.Id)) is { } resume
            ? $"The server stopped during this run; it was queued again and resumes from its last complete epoch ({resume.Epoch} of {resume.Epochs})."
            : "The server stopped during this run; it was queued again and trains from the start.";

    private static IQueryable<TrainingRun> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.TrainingRuns.Where(r => r.State == RunState.Queued || r.State == RunState.Running)
        : db.TrainingRuns.Where(r => r.State == RunState.Running);
}
