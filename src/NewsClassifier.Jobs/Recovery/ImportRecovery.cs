using Microsoft.Extensions.Logging;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Imports still queued or running are queued again; the importer is all-or-nothing, so an import cut off
/// half-way left nothing behind and simply runs again. One the process died during <see cref="CrashLimit.MaxAttempts"/>
/// times is failed instead.</summary>
internal sealed class ImportRecovery(IBackgroundWork work, CrashLimit limit, TimeProvider clock, ILogger<ImportRecovery> logger) : IRecoveryHandler
{
    public string Kind => "dataset imports";

    public string LeaseKind => WorkKinds.Import;

    public Task<List<int>> UnfinishedAsync(NewsDbContext db, RecoveryScope scope, CancellationToken cancellationToken) =>
        InScope(db, scope).Select(i => i.Id).ToListAsync(cancellationToken);

    public async Task<int> RecoverAsync(NewsDbContext db, RecoveryScope scope, IReadOnlyCollection<int> workIds, CancellationToken cancellationToken)
    {
        var interrupted = await InScope(db, scope).Where(i => workIds.Contains(i.Id)).ToListAsync(cancellationToken);
        foreach (var import in interrupted)
        {
            if (limit.IsReached(import.Attempts))
            {
                import.State = ImportState.Failed;
                import.Message = limit.Reason(import.Attempts);
                import.FinishedAt = clock.GetUtcNow().UtcDateTime;
                logger.LogWarning("Import {ImportId} into '{Dataset}' was not started again: the process stopped {Attempts} times while it ran",
                    import.Id, import.DatasetName, import.Attempts);
                continue;
            }
            import.State = ImportState.Queued;
            import.JobId = work.ImportDataset(import.Id);
        }
        return interrupted.Count;
    }

    private static IQueryable<DatasetImport> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.DatasetImports.Where(i => i.State == ImportState.Queued || i.State == ImportState.Running)
        : db.DatasetImports.Where(i => i.State == ImportState.Running);
}
