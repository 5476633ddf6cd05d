using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Leases;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>
/// One pass of every <see cref="IRecoveryHandler"/>: the start-up recovery and the periodic sweep share it. Leases are
/// read before and after the rows, and a row counts as held when either read saw a live holder: work that starts
/// between the reads has taken its lease before it set its row running, and work that ends meanwhile held it at the
/// first read, so neither is mistaken for work whose holder died. Afterwards the pass deletes exactly the dead leases it
/// read whose rows need them no more (recovered, or not unfinished), matched on holder and expiry as read. A handler adds
/// them only once its recovery is saved, so a kind whose recovery failed keeps its leases. A lease is never deleted on a
/// later look: one that expires after the reads, its row counted as held, stays for the next sweep to find dead and
/// recover its row, where a running row left with no lease at all would never be recovered.
/// </summary>
internal sealed class RecoveryPass(
    IDbContextFactory<NewsDbContext> contexts,
    IEnumerable<IRecoveryHandler> handlers,
    WorkLeases leases,
    ILogger<RecoveryPass> logger)
{
    public async Task RunAsync(RecoveryScope scope, CancellationToken cancellationToken)
    {
        var deletable = new List<WorkLease>();
        foreach (var handler in handlers)
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var (held, deadBefore) = await leases.WorkIdsAsync(db, handler.LeaseKind, cancellationToken);
                var unfinished = await handler.UnfinishedAsync(db, scope, cancellationToken);
                if (unfinished.Count == 0)
                {
                    // No row needs a lease read dead: a holder that set its row running since took its lease over first,
                    // which changed the holder and expiry the delete matches on.
                    deletable.AddRange(deadBefore);
                    continue;
                }
                var (heldAfter, deadLeases) = await leases.WorkIdsAsync(db, handler.LeaseKind, cancellationToken);
                held.UnionWith(heldAfter);
                var dead = deadLeases.Select(l => l.WorkId).ToHashSet();
                // At start every unheld row is orphaned (this process holds nothing yet, and a live one elsewhere holds
                // its lease). While running, only rows whose lease is there and dead: every holder takes its lease before it
                // sets its row running, so a running row with no lease at all was not started by a holder that could have
                // died since start-up recovery.
                var orphaned = unfinished.Where(id => !held.Contains(id) && (scope != RecoveryScope.Sweep || dead.Contains(id))).ToList();
                if (unfinished.Count > orphaned.Count)
                    logger.LogInformation("Left {Count} {Kind} alone: a live process holds their lease", unfinished.Count - orphaned.Count, handler.Kind);
                // Dead at the second read and not held: the row is orphaned (recovered below) or not unfinished.
                var freed = deadLeases.Where(l => !held.Contains(l.WorkId)).ToList();
                if (orphaned.Count == 0)
                {
                    deletable.AddRange(freed);
                    continue;
                }
                var recovered = await handler.RecoverAsync(db, scope, orphaned, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                // Queued only now that the rows say so; then their new job ids.
                foreach (var enqueue in recovered.Enqueues) enqueue();
                if (recovered.Enqueues.Count > 0) await db.SaveChangesAsync(cancellationToken);
                deletable.AddRange(freed);
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
            }
        }
        try
        {
            int dead = await leases.DeleteAsReadAsync(deletable, cancellationToken);
            if (dead > 0) logger.LogInformation("Deleted {Count} leases whose holders are gone", dead);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not delete dead leases");
        }
    }
}
