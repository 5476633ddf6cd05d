using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Training;

/// <summary>Where a training run starts: records the run (<see cref="TrainingRequests"/>) and queues it on the training
/// queue, where <see cref="RunTrainer"/> trains it; cancels runs.</summary>
public sealed class RunLauncher(
    IDbContextFactory<NewsDbContext> contexts,
    TrainingRequests requests,
    IBackgroundWork work,
    Notifier<RunProgress> notifier,
    TimeProvider clock)
{
    public async Task<int> SubmitAsync(TrainingRequest request, CancellationToken cancellationToken)
    {
        var run = await requests.CreateRunAsync(request, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Attach(run);
        run.JobId = work.TrainRun(run.Id);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new RunProgress(run.Id, run.State, 0, run.Epochs, 0, 0, null, TimeSpan.Zero, [], []));
        return run.Id;
    }

    /// <summary>Asks a run to stop. A queued run is cancelled at once; a running one stops after its current
    /// step (the job sees the flag in the database, or Hangfire's token when it runs in this process).</summary>
    public async Task<bool> CancelAsync(int runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.TrainingRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.IsFinished) return false;
        run.CancelRequested = true;
        if (run.State == RunState.Queued)
        {
            if (run.JobId is not null) work.Cancel(run.JobId);
            run.State = RunState.Cancelled;
            run.StopReason = "Cancelled before it started.";
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new RunProgress(run.Id, run.State, run.Epoch, run.Epochs, run.Step, run.TotalSteps, run.LastLoss,
            run.Duration ?? TimeSpan.Zero, [], []));
        return true;
    }
}
