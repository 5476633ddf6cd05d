using Microsoft.Extensions.Logging;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Training;
using NewsClassifier.ML.Training.Resume;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Runs still queued or running are queued again (a cancelled-but-unfinished one is closed as cancelled); an
/// interrupted Torch run resumes from its last complete epoch (its resume checkpoint), anything else trains again from
/// the start; the log says which.</summary>
internal sealed class TrainingRecovery(Requeue requeue, CrashLimit limit, DataPaths paths, TimeProvider clock, ILogger<TrainingRecovery> logger)
    : RestartableRecovery<TrainingRun>("training runs", WorkKinds.Training, r => r.Id, r => r.Attempts, limit, clock)
{
    protected override IQueryable<TrainingRun> InScope(NewsDbContext db, RecoveryScope scope) => db.TrainingRuns.Where(scope == RecoveryScope.Start
        ? r => r.State == RunState.Queued || r.State == RunState.Running
        : r => r.State == RunState.Running);

    /// <summary>A cancel asked for while the server went down is honoured: the run is closed as cancelled.</summary>
    protected override bool Close(NewsDbContext db, TrainingRun run, DateTime now)
    {
        if (!run.CancelRequested) return false;
        (run.State, run.FinishedAt) = (RunState.Cancelled, now);
        return true;
    }

    protected override void GiveUp(NewsDbContext db, TrainingRun run, string reason, int attempts, DateTime now)
    {
        (run.State, run.Error, run.FinishedAt) = (RunState.Failed, reason, now);
        db.RunLogEntries.Add(new RunLogEntry(run.Id, now, reason));
        logger.LogWarning("Run {RunId} ('{Recipe}' on '{Dataset}') was not trained again: the process stopped {Attempts} times while it trained",
            run.Id, run.Recipe, run.DatasetName, attempts);
    }

    protected override Action Restart(NewsDbContext db, TrainingRun run, DateTime now)
    {
        if (run.State == RunState.Running)
        {
            db.RunLogEntries.Add(new RunLogEntry(run.Id, now, InterruptedMessage(run)));
        }
        run.State = RunState.Queued;
        return () => run.JobId = requeue.Replace(run.JobId, work => work.TrainRun(run.Id));
    }

    /// <summary>What the next attempt will do, as RunTrainer will find it: a verified checkpoint to resume from, or none.</summary>
    private string InterruptedMessage(TrainingRun run) =>
        RecipeCatalog.UsesTorch(run.Recipe) && ResumeCheckpoint.Peek(paths.RunDirectory(run.Id)) is { } resume
            ? $"The server stopped during this run; it was queued again and resumes from its last complete epoch ({resume.Epoch} of {resume.Epochs})."
            : "The server stopped during this run; it was queued again and trains from the start.";
}
