using Microsoft.Extensions.Logging;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Imports still queued or running are queued again; an import writes into a hidden dataset that is only shown
/// when complete, so one cut off half-way left nothing visible and simply runs again.</summary>
internal sealed class ImportRecovery(Requeue requeue, CrashLimit limit, TimeProvider clock, ILogger<ImportRecovery> logger)
    : RestartableRecovery<DatasetImport>("dataset imports", WorkKinds.Import, i => i.Id, i => i.Attempts, limit, clock)
{
    protected override IQueryable<DatasetImport> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.DatasetImports.Where(i => i.State == ImportState.Queued || i.State == ImportState.Running)
        : db.DatasetImports.Where(i => i.State == ImportState.Running);

    protected override void GiveUp(NewsDbContext db, DatasetImport import, string reason, int attempts, DateTime now)
    {
        (import.State, import.Message, import.FinishedAt) = (ImportState.Failed, reason, now);
        logger.LogWarning("Import {ImportId} into '{Dataset}' was not started again: the process stopped {Attempts} times while it ran",
            import.Id, import.DatasetName, attempts);
    }

    protected override Action Restart(NewsDbContext db, DatasetImport import, DateTime now)
    {
        import.State = ImportState.Queued;
        return () => import.JobId = requeue.Replace(import.JobId, work => work.ImportDataset(import.Id));
    }
}
