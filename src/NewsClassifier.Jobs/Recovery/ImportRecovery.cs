using System.Linq.Expressions;
using Microsoft.Extensions.Logging;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Imports still queued or running are queued again; an import writes into a hidden dataset that is only shown
/// when complete, so one cut off half-way left nothing visible and simply runs again. One the process died during
/// <see cref="CrashLimit.MaxAttempts"/> times is failed instead.</summary>
internal sealed class ImportRecovery(Requeue requeue, CrashLimit limit, TimeProvider clock, ILogger<ImportRecovery> logger)
    : RowRecovery<DatasetImport>(clock)
{
    public override string Kind => "dataset imports";

    public override string LeaseKind => WorkKinds.Import;

    protected override Expression<Func<DatasetImport, int>> WorkId => i => i.Id;

    protected override IQueryable<DatasetImport> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.DatasetImports.Where(i => i.State == ImportState.Queued || i.State == ImportState.Running)
        : db.DatasetImports.Where(i => i.State == ImportState.Running);

    protected override Action? Recover(NewsDbContext db, DatasetImport import, DateTime now)
    {
        if (limit.IsReached(import.Attempts))
        {
            (import.State, import.Message, import.FinishedAt) = (ImportState.Failed, limit.Reason(import.Attempts), now);
            logger.LogWarning("Import {ImportId} into '{Dataset}' was not started again: the process stopped {Attempts} times while it ran",
                import.Id, import.DatasetName, import.Attempts);
            return null;
        }
        import.State = ImportState.Queued;
        return () => import.JobId = requeue.Replace(import.JobId, work => work.ImportDataset(import.Id));
    }
}
