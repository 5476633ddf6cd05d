using Microsoft.Extensions.Logging;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Checkpoint imports still unfinished are queued again; a hub download keeps its finished files and resumes
/// its <c>.partial</c> file. One the process died during <see cref="CrashLimit.MaxAttempts"/> times (a config that
/// exhausts memory while it validates) is failed instead; a person can still retry it.</summary>
internal sealed class PretrainedRecovery(IBackgroundWork work, CrashLimit limit, TimeProvider clock, ILogger<PretrainedRecovery> logger) : IRecoveryHandler
{
    public string Kind => "pretrained checkpoint imports";

    public string LeaseKind => WorkKinds.Pretrained;

    public Task<List<int>> UnfinishedAsync(NewsDbContext db, RecoveryScope scope, CancellationToken cancellationToken) =>
        InScope(db, scope).Select(p => p.Id).ToListAsync(cancellationToken);

    public async Task<int> RecoverAsync(NewsDbContext db, RecoveryScope scope, IReadOnlyCollection<int> workIds, CancellationToken cancellationToken)
    {
        var interrupted = await InScope(db, scope).Where(p => workIds.Contains(p.Id)).ToListAsync(cancellationToken);
        foreach (var row in interrupted)
        {
            if (limit.IsReached(row.Attempts))
            {
                row.State = PretrainedState.Failed;
                row.Error = limit.Reason(row.Attempts);
                row.FinishedAt = clock.GetUtcNow().UtcDateTime;
                logger.LogWarning("Pretrained import {Id} ('{Name}') was not started again: the process stopped {Attempts} times while it ran",
                    row.Id, row.Name, row.Attempts);
                continue;
            }
            row.State = PretrainedState.Queued;
            row.JobId = work.ImportPretrained(row.Id);
        }
        return interrupted.Count;
    }

    private static IQueryable<PretrainedCheckpoint> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.PretrainedCheckpoints.Where(p => p.State == PretrainedState.Queued || p.State == PretrainedState.Downloading || p.State == PretrainedState.Validating)
        : db.PretrainedCheckpoints.Where(p => p.State == PretrainedState.Downloading || p.State == PretrainedState.Validating);
}
