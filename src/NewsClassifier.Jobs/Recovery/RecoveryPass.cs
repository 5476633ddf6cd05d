using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Leases;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>
/// One pass of every <see cref="IRecoveryHandler"/>: the start-up recovery and the periodic sweep share it. Leases are
/// read before and after the rows, and a row counts as held when either read saw a live holder: work that starts
/// between the reads has taken its lease before it set its row running, and work that ends meanwhile held it at the
/// first read, so neither is mistaken for work whose holder died. Dead leases are deleted afterwards (their rows were
/// recovered first), except those of a kind whose recovery failed and those that expired between the two reads (their
/// rows counted as held this time): the next sweep finds those holders still dead and recovers their rows, where a
/// running row left with no lease at all would never be recovered.
/// </summary>
internal sealed class RecoveryPass(
    IDbContextFactory<NewsDbContext> contexts,
    IEnumerable<IRecoveryHandler> handlers,
    WorkLeases leases,
    ILogger<RecoveryPass> logger)
{
    public async Task RunAsync(RecoveryScope scope, CancellationToken cancellationToken)
    {
        var failedKinds = new List<string>();
        var expiredMeanwhile = new List<(string Kind, int WorkId)>();
        foreach (var handler in handlers)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var (held, _) = await leases.WorkIdsAsync(db, handler.LeaseKind, cancellationToken);
                var unfinished = await handler.UnfinishedAsync(db, scope, cancellationToken);
                if (unfinished.Count == 0) continue;
                var (heldAfter, dead) = await leases.WorkIdsAsync(db, handler.LeaseKind, cancellationToken);
                held.UnionWith(heldAfter);
                // At start every unheld row is orphaned (this process holds nothing yet, and a live one elsewhere holds
                // its lease). While running, only rows whose lease is there and dead: every holder takes its lease before it
                // sets its row running, so a running row with no lease at all was not started by a holder that could have
                // died since start-up recovery.
                var orphaned = unfinished.Where(id => !held.Contains(id) && (scope != RecoveryScope.Sweep || dead.Contains(id))).ToList();
                expiredMeanwhile.AddRange(unfinished.Where(id => held.Contains(id) && dead.Contains(id)).Select(id => (handler.LeaseKind, id)));
                if (unfinished.Count > orphaned.Count)
                    logger.LogInformation("Left {Count} {Kind} alone: a live process holds their lease", unfinished.Count - orphaned.Count, handler.Kind);
                if (orphaned.Count == 0) continue;
                var recovered = await handler.RecoverAsync(db, scope, orphaned, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                // Queued only now that the rows say so; then their new job ids.
                foreach (var enqueue in recovered.Enqueues) enqueue();
                if (recovered.Enqueues.Count > 0) await db.SaveChangesAsync(cancellationToken);
                int count = recovered.Count;
                if (count == 0) continue;
                if (scope != RecoveryScope.Sweep)
                    logger.LogWarning("{Count} {Kind} were interrupted by a restart and recovered", count, handler.Kind);
                else
                    logger.LogWarning("{Count} {Kind} lost their holder (its process is gone) and were recovered", count, handler.Kind);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One kind failing (a database not migrated yet, a table a newer migration adds) must not keep the
                // others unrecovered or stop the app from starting.
                logger.LogError(e, "Could not recover interrupted {Kind}", handler.Kind);
                failedKinds.Add(handler.LeaseKind);
            }
        }
        try
        {
            int dead = await leases.DeleteDeadAsync(failedKinds, expiredMeanwhile, cancellationToken);
            if (dead > 0) logger.LogInformation("Deleted {Count} leases whose holders are gone", dead);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not delete dead leases");
        }
    }
}
