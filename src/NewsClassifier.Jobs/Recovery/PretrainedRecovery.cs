using System.Linq.Expressions;
using Microsoft.Extensions.Logging;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Checkpoint imports still unfinished are queued again; a hub download keeps its finished files and resumes
/// its <c>.partial</c> file. One the process died during <see cref="CrashLimit.MaxAttempts"/> times (a config that
/// exhausts memory while it validates) is failed instead; a person can still retry it.</summary>
internal sealed class PretrainedRecovery(Requeue requeue, CrashLimit limit, TimeProvider clock, ILogger<PretrainedRecovery> logger)
    : RowRecovery<PretrainedCheckpoint>(clock)
{
    public override string Kind => "pretrained checkpoint imports";

    public override string LeaseKind => WorkKinds.Pretrained;

    protected override Expression<Func<PretrainedCheckpoint, int>> WorkId => p => p.Id;

    protected override IQueryable<PretrainedCheckpoint> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.PretrainedCheckpoints.Where(p => p.State == PretrainedState.Queued || p.State == PretrainedState.Downloading || p.State == PretrainedState.Validating)
        : db.PretrainedCheckpoints.Where(p => p.State == PretrainedState.Downloading || p.State == PretrainedState.Validating);

    protected override Action? Recover(NewsDbContext db, PretrainedCheckpoint row, DateTime now)
    {
        if (limit.IsReached(row.Attempts))
        {
            (row.State, row.Error, row.FinishedAt) = (PretrainedState.Failed, limit.Reason(row.Attempts), now);
            logger.LogWarning("Pretrained import {Id} ('{Name}') was not started again: the process stopped {Attempts} times while it ran",
                row.Id, row.Name, row.Attempts);
            return null;
        }
        row.State = PretrainedState.Queued;
        return () => row.JobId = requeue.Replace(row.JobId, work => work.ImportPretrained(row.Id));
    }
}
