using System.Linq.Expressions;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>
/// Recovery of work that simply starts again (imports, checkpoint imports, training runs): an unfinished row is queued
/// again, unless the process already died <see cref="CrashLimit.MaxAttempts"/> times while it ran, then it is failed
/// with the limit's reason (running it again would take the server down again).
/// </summary>
/// <param name="attempts">How often the row's work was started and not let go (the runners count it).</param>
internal abstract class RestartableRecovery<TRow>(string kind, string leaseKind, Expression<Func<TRow, int>> workId,
    Func<TRow, int> attempts, CrashLimit limit, TimeProvider clock)
    : RowRecovery<TRow>(kind, leaseKind, workId, clock) where TRow : class
{
    /// <summary>Closes a row that must not run again for another reason (a cancel asked for); false when none applies.</summary>
    protected virtual bool Close(NewsDbContext db, TRow row, DateTime now) => false;

    /// <summary>Marks the row failed with <paramref name="reason"/> and says so in the log.</summary>
    protected abstract void GiveUp(NewsDbContext db, TRow row, string reason, int attempts, DateTime now);

    /// <summary>Sets the row queued and returns the enqueue of its job.</summary>
    protected abstract Action Restart(NewsDbContext db, TRow row, DateTime now);

    protected sealed override Action? Recover(NewsDbContext db, TRow row, DateTime now)
    {
        if (Close(db, row, now)) return null;
        int started = attempts(row);
        if (!limit.IsReached(started)) return Restart(db, row, now);
        GiveUp(db, row, limit.Reason(started), started, now);
        return null;
    }
}
