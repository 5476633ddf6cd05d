using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Imports still queued or running are queued again; the importer is all-or-nothing, so an import cut off
/// half-way left nothing behind and simply runs again.</summary>
internal sealed class ImportRecovery(IBackgroundWork work) : IRecoveryHandler
{
    public string Kind => "dataset imports";

    public async Task<int> RecoverAsync(NewsDbContext db, CancellationToken cancellationToken)
    {
        var interrupted = await db.DatasetImports
            .Where(i => i.State == ImportState.Queued || i.State == ImportState.Running)
            .ToListAsync(cancellationToken);
        foreach (var import in interrupted)
        {
            import.State = ImportState.Queued;
            import.JobId = work.ImportDataset(import.Id);
        }
        return interrupted.Count;
    }
}
