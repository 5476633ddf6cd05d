using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Data;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Jobs.Training;

/// <summary>
/// In-memory job storage forgets jobs when the process stops. At start, runs the database still shows
/// as queued or running are queued again (a cancelled-but-unfinished one is closed as cancelled); an
/// interrupted run trains again from the start, and says so in its log.
/// </summary>
internal sealed class TrainingRecovery(
    IDbContextFactory<NewsDbContext> contexts,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    ILogger<TrainingRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var interrupted = await db.TrainingRuns
            .Where(r => r.State == RunState.Queued || r.State == RunState.Running)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var run in interrupted)
        {
            if (run.CancelRequested)
            {
                run.State = RunState.Cancelled;
                run.FinishedAt = now;
                continue;
            }
            if (run.State == RunState.Running)
            {
                db.RunLogEntries.Add(new RunLogEntry { RunId = run.Id, At = now, Message = "The server stopped during this run; it was queued again and trains from the start." });
            }
            run.State = RunState.Queued;
            run.JobId = jobs.Enqueue<TrainingJob>(job => job.RunAsync(run.Id, CancellationToken.None));
            logger.LogWarning("Run {RunId} was interrupted by a restart; queued again", run.Id);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
