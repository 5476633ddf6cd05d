using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>A schedule firing whose holder is gone (a restart cut it off) is recorded as interrupted (its challenger run,
/// if any, is recovered as a run); it releases the schedule, so the next trigger fires normally. A firing is leased by
/// its schedule's id.</summary>
internal sealed class FiringRecovery(TimeProvider clock)
    : RowRecovery<ScheduleFiring>("schedule firings", WorkKinds.Firing, f => f.ScheduleId, clock)
{
    protected override IQueryable<ScheduleFiring> InScope(NewsDbContext db, RecoveryScope scope) =>
        db.ScheduleFirings.Where(f => f.State == FiringState.Running);

    protected override Action? Recover(NewsDbContext db, ScheduleFiring firing, DateTime now)
    {
        firing.State = FiringState.Interrupted;
        firing.FinishedAt = now;
        firing.Reason = "Interrupted by a restart before it decided; production is unchanged.";
        return null;
    }
}
