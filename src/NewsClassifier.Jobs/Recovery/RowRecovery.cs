using System.Linq.Expressions;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>What every <see cref="IRecoveryHandler"/> shares: the rows a scope looks at, found by their lease id, loaded
/// and handed one at a time to <see cref="Recover"/>. A handler says only which rows are unfinished in a scope and what
/// happens to one whose holder is gone; <see cref="RecoveryPass"/> saves the changes.</summary>
/// <param name="kind">What the rows are, for the log ("training runs").</param>
/// <param name="leaseKind">Their <see cref="Domain.Leases.WorkKinds"/> kind.</param>
/// <param name="workId">The row's lease id (<see cref="Domain.Leases.WorkLease.WorkId"/>).</param>
internal abstract class RowRecovery<TRow>(string kind, string leaseKind, Expression<Func<TRow, int>> workId, TimeProvider clock)
    : IRecoveryHandler where TRow : class
{
    public string Kind => kind;

    public string LeaseKind => leaseKind;

    /// <summary>The rows <paramref name="scope"/> looks at: at start also queued ones (their Hangfire job was in memory),
    /// in the periodic sweep only those a live process should be working on.</summary>
    protected abstract IQueryable<TRow> InScope(NewsDbContext db, RecoveryScope scope);

    /// <summary>Sets <paramref name="row"/> queued again or closes it; when queued, returns the enqueue of its job (run by
    /// <see cref="RecoveryPass"/> once the row is saved; it may set the row's job id, saved after it).</summary>
    protected abstract Action? Recover(NewsDbContext db, TRow row, DateTime now);

    public Task<List<int>> UnfinishedAsync(NewsDbContext db, RecoveryScope scope, CancellationToken cancellationToken) =>
        InScope(db, scope).Select(workId).ToListAsync(cancellationToken);

    public async Task<RecoveredRows> RecoverAsync(NewsDbContext db, RecoveryScope scope, IReadOnlyCollection<int> workIds, CancellationToken cancellationToken)
    {
        var interrupted = await InScope(db, scope).Where(WorkIdIn(workIds)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var enqueues = new List<Action>();
        foreach (var row in interrupted)
            if (Recover(db, row, now) is { } enqueue) enqueues.Add(enqueue);
        return new RecoveredRows(interrupted.Count, enqueues);
    }

    /// <summary><c>row => workIds.Contains(workId(row))</c>, built from the one key expression each handler names.</summary>
    private Expression<Func<TRow, bool>> WorkIdIn(IReadOnlyCollection<int> workIds)
    {
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(int)],
            Expression.Constant(workIds.ToList()), workId.Body);
        return Expression.Lambda<Func<TRow, bool>>(contains, workId.Parameters);
    }
}
