using Microsoft.EntityFrameworkCore;
using NewsClassifier.Data;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>A schedule firing a restart cut off is recorded as interrupted (its challenger run, if any, is recovered as
/// a run); it releases the schedule, so the next trigger fires normally.</summary>
internal sealed class FiringRecovery(TimeProvider clock) : IRecoveryHandler
{
    public string Kind => "schedule firings";

    public Task<int> RecoverAsync(NewsDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.ScheduleFirings.Where(f => f.State == FiringState.Running)
            .ExecuteUpdateAsync(u => u
                .SetProperty(f => f.State, FiringState.Interrupted)
                .SetProperty(f => f.FinishedAt, now)
                .SetProperty(f => f.Reason, "Interrupted by a restart before it decided; production is unchanged."), cancellationToken);
    }
}
