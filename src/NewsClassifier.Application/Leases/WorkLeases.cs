using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Application.Leases;

/// <summary>
/// The WorkLeases table: one row per piece of background work being done, naming its holder and until when. Acquiring is
/// atomic across processes without database-specific SQL: a free (expired or dead) row is taken by a conditional update
/// that matches only the holder and expiry just read, and a missing row is inserted, the unique (Kind, WorkId) index
/// refusing the second of two racing inserts. Each call uses its own short-lived context.
/// </summary>
public sealed class WorkLeases(
    IDbContextFactory<NewsDbContext> contexts,
    LeaseOwner owner,
    IOptions<LeaseOptions> options,
    TimeProvider clock,
    ILogger<WorkLeases> logger)
{
    private const int AcquireRounds = 3;

    /// <summary>This host's owner string, as written in the rows it holds.</summary>
    public string Owner => owner.Value;

    /// <summary>Takes the lease and starts renewing it; null when a live holder has it.</summary>
    public async Task<LeaseHeartbeat?> TryAcquireAsync(string kind, int workId, CancellationToken cancellationToken)
    {
        if (!await TryTakeAsync(kind, workId, cancellationToken)) return null;
        return new LeaseHeartbeat(this, kind, workId, options.Value.Renew, clock, logger);
    }

    /// <summary>
    /// Runs <paramref name="work"/> holding the lease of the work, with a token that fires on a host stop, a user's cancel
    /// or the lease passing to another process; returns <paramref name="whenHeld"/> without running it when a live holder
    /// (another process, or a second job for the same work here) has the lease. Released when the work ends, however it ends.
    /// </summary>
    public async Task<T> RunHeldAsync<T>(string kind, int workId, Func<LeaseHeartbeat, CancellationToken, Task<T>> work, T whenHeld,
        CancellationToken cancellationToken)
    {
        await using var lease = await TryAcquireAsync(kind, workId, cancellationToken);
        if (lease is null)
        {
            logger.LogWarning("{Kind} {WorkId} is being run by another process; this job leaves it alone", kind, workId);
            return whenHeld;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        return await work(lease, linked.Token);
    }

    /// <inheritdoc cref="RunHeldAsync{T}"/>
    public Task RunHeldAsync(string kind, int workId, Func<LeaseHeartbeat, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunHeldAsync(kind, workId, async (lease, token) =>
        {
            await work(lease, token);
            return true;
        }, false, cancellationToken);

    /// <summary>Takes the lease when it is free, expired or dead; false when a live holder (this host included) has it.</summary>
    public async Task<bool> TryTakeAsync(string kind, int workId, CancellationToken cancellationToken)
    {
        var me = owner.Value;
        for (int round = 0; round < AcquireRounds; round++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var expires = now + options.Value.Duration;
            var existing = await db.WorkLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Kind == kind && l.WorkId == workId, cancellationToken);
            if (existing is null)
            {
                db.WorkLeases.Add(new WorkLease { Kind = kind, WorkId = workId, Owner = me, AcquiredAt = now, ExpiresAt = expires });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return true;
                }
                catch (DbUpdateException)
                {
                    continue; // another process inserted it first: look at its row
                }
            }
            // This host's own live lease means a second job for the same work in this process (queued twice): it must
            // not run alongside the first. Leases of an earlier host in this process carry another instance id.
            if (LeaseLiveness.IsLive(existing, now)) return false;
            // Only if nobody changed the row since it was read: of two processes taking over a dead lease, one wins.
            var taken = await db.WorkLeases
                .Where(l => l.Id == existing.Id && l.Owner == existing.Owner && l.ExpiresAt == existing.ExpiresAt)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(l => l.Owner, me)
                    .SetProperty(l => l.AcquiredAt, now)
                    .SetProperty(l => l.ExpiresAt, expires), cancellationToken);
            if (taken == 1)
            {
                if (existing.Owner != me)
                    logger.LogInformation("Took over the {Kind} lease of {WorkId} from {Previous}, which is gone", kind, workId, existing.Owner);
                return true;
            }
        }
        return false;
    }

    /// <summary>Pushes the expiry on; false when the row is no longer this host's (another process took it over).</summary>
    public async Task<bool> RenewAsync(string kind, int workId, CancellationToken cancellationToken)
    {
        var me = owner.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var expires = clock.GetUtcNow().UtcDateTime + options.Value.Duration;
        return await db.WorkLeases.Where(l => l.Kind == kind && l.WorkId == workId && l.Owner == me)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.ExpiresAt, expires), cancellationToken) == 1;
    }

    /// <summary>Deletes the row if it is still this host's.</summary>
    public async Task ReleaseAsync(string kind, int workId, CancellationToken cancellationToken = default)
    {
        var me = owner.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.WorkLeases.Where(l => l.Kind == kind && l.WorkId == workId && l.Owner == me).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The lease of the work when a live holder (this host included) has it, else null.</summary>
    public async Task<WorkLease?> LiveHolderAsync(string kind, int workId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var lease = await db.WorkLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Kind == kind && l.WorkId == workId, cancellationToken);
        return lease is not null && LeaseLiveness.IsLive(lease, clock.GetUtcNow().UtcDateTime) ? lease : null;
    }

    /// <summary>The ids of the work of <paramref name="kind"/> that live holders have (recovery leaves those rows alone),
    /// and the lease rows, as read, whose holders are gone.</summary>
    public async Task<(HashSet<int> Live, List<WorkLease> Dead)> WorkIdsAsync(NewsDbContext db, string kind, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leases = await db.WorkLeases.AsNoTracking().Where(l => l.Kind == kind).ToListAsync(cancellationToken);
        var live = leases.Where(l => LeaseLiveness.IsLive(l, now)).Select(l => l.WorkId).ToHashSet();
        return (live, leases.Where(l => !live.Contains(l.WorkId)).ToList());
    }

    /// <summary>Deletes <paramref name="deadLeases"/>, each only if its holder and expiry are still those read (a lease
    /// someone took over meanwhile stays); returns how many. A dead lease stays dead (an expiry passed stays passed, a
    /// process gone stays gone), so the delete need not look at liveness again.</summary>
    public async Task<int> DeleteAsReadAsync(IReadOnlyCollection<WorkLease> deadLeases, CancellationToken cancellationToken)
    {
        if (deadLeases.Count == 0) return 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        int deleted = 0;
        foreach (var lease in deadLeases)
        {
            deleted += await db.WorkLeases.Where(l => l.Id == lease.Id && l.Owner == lease.Owner && l.ExpiresAt == lease.ExpiresAt)
                .ExecuteDeleteAsync(cancellationToken);
        }
        return deleted;
    }
}
