using Microsoft.Extensions.Logging;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Checkpoint imports still unfinished are queued again; a hub download keeps its finished files and resumes
/// its <c>.partial</c> file. One failed at the crash limit (a config that exhausts memory while it validates) can still
/// be retried by a person.</summary>
internal sealed class PretrainedRecovery(Requeue requeue, CrashLimit limit, TimeProvider clock, ILogger<PretrainedRecovery> logger)
    : RestartableRecovery<PretrainedCheckpoint>("pretrained checkpoint imports", WorkKinds.Pretrained, p => p.Id, p => p.Attempts, limit, clock)
{
    protected override IQueryable<PretrainedCheckpoint> InScope(NewsDbContext db, RecoveryScope scope) => db.PretrainedCheckpoints.Where(
        scope == RecoveryScope.Start
            ? p => p.State == PretrainedState.Queued || p.State == PretrainedState.Downloading || p.State == PretrainedState.Validating
            : p => p.State == PretrainedState.Downloading || p.State == PretrainedState.Validating);

    protected override void GiveUp(NewsDbContext db, PretrainedCheckpoint row, string reason, int attempts, DateTime now)
    {
        (row.State, row.Error, row.FinishedAt) = (PretrainedState.Failed, reason, now);
        logger.LogWarning("Pretrained import {Id} ('{Name}') was not started again: the process stopped {Attempts} times while it ran",
            row.Id, row.Name, attempts);
    }

    protected override Action Restart(NewsDbContext db, PretrainedCheckpoint row, DateTime now)
    {
        row.State = PretrainedState.Queued;
        return () => row.JobId = requeue.Replace(row.JobId, work => work.ImportPretrained(row.Id));
    }
}
