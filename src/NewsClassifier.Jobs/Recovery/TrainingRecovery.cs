using System.Linq.Expressions;
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
internal sealed class TrainingRecovery(Requeue requeue, CrashLimit limit, DataPaths paths, TimeProvider clock, ILogger<TrainingRecovery> logger)
    : RowRecovery<TrainingRun>(clock)
{
    public override string Kind => "training runs";

    public override string LeaseKind => WorkKinds.Training;

    protected override Expression<Func<TrainingRun, int>> WorkId => r => r.Id;

    protected override IQueryable<TrainingRun> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.TrainingRuns.Where(r => r.State == RunState.Queued || r.State == RunState.Running)
        : db.TrainingRuns.Where(r => r.State == RunState.Running);

    protected override Action? Recover(NewsDbContext db, TrainingRun run, DateTime now)
    {
        if (run.CancelRequested)
        {
            run.State = RunState.Cancelled;
            run.FinishedAt = now;
            return null;
        }
        if (limit.IsReached(run.Attempts))
        {
            run.State = RunState.Failed;
            run.Error = limit.Reason(run.Attempts);
            run.FinishedAt = now;
            db.RunLogEntries.Add(new RunLogEntry(run.Id, now, run.Error));
            logger.LogWarning("Run {RunId} ('{Recipe}' on '{Dataset}') was not trained again: the process stopped {Attempts} times while it trained",
                run.Id, run.Recipe, run.DatasetName, run.Attempts);
            return null;
        }
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
