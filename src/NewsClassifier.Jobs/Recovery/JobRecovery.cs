using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>
/// In-memory job storage forgets queued and running jobs when the process stops, while the database keeps their rows.
/// At start, before the job servers take work, each handler puts its kind of interrupted work back in the queue (or
/// closes it), so nothing stays "running" forever and nothing is lost.
/// </summary>
internal sealed class JobRecovery(
    IDbContextFactory<NewsDbContext> contexts,
    IEnumerable<IRecoveryHandler> handlers,
    ILogger<JobRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var handler in handlers)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                int count = await handler.RecoverAsync(db, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                if (count > 0) logger.LogWarning("{Count} {Kind} were interrupted by a restart and recovered", count, handler.Kind);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One kind failing (a database not migrated yet, a table a newer migration adds) must not keep the
                // others unrecovered or stop the app from starting.
                logger.LogError(e, "Could not recover interrupted {Kind}", handler.Kind);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
