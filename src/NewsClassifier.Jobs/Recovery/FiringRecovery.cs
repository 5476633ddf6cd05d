using Microsoft.EntityFrameworkCore;
using NewsClassifier.Data;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>A schedule firing whose holder is gone (a restart cut it off) is recorded as interrupted (its challenger run,
/// if any, is recovered as a run); it releases the schedule, so the next trigger fires normally. A firing is leased by
/// its schedule's id.</summary>
internal sealed class FiringRecovery(TimeProvider clock) : IRecoveryHandler
{
    public string Kind => "schedule firings";

    public string LeaseKind => WorkKinds.Firing;

    public Task<List<int>> UnfinishedAsync(NewsDbContext db, RecoveryScope scope, CancellationToken cancellationToken) =>
        db.ScheduleFirings.Where(f => f.State == FiringState.Running).Select(f => f.ScheduleId).ToListAsync(cancellationToken);

    public Task<int> RecoverAsync(NewsDbContext db, RecoveryScope scope, IReadOnlyCollection<int> workIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.ScheduleFirings.Where(f => f.State == FiringState.Running && workIds.Contains(f.ScheduleId))
            .ExecuteUpdateAsync(u => u
                .SetProperty(f => f.State, FiringState.Interrupted)
                .SetProperty(f => f.FinishedAt, now)
                .SetProperty(f => f.Reason, "Interrupted by a restart before it decided; production is unchanged."), cancellationToken);
    }
}
