using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Data;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Jobs.Imports;

/// <summary>
/// In-memory job storage forgets queued and running jobs when the process stops. At start, imports
/// the database still shows as queued or running are queued again; the importer is all-or-nothing,
/// so an import cut off half-way left nothing behind and simply runs again.
/// </summary>
internal sealed class ImportRecovery(
    IDbContextFactory<NewsDbContext> contexts,
    IBackgroundJobClient jobs,
    ILogger<ImportRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var interrupted = await db.DatasetImports
            .Where(i => i.State == ImportState.Queued || i.State == ImportState.Running)
            .ToListAsync(cancellationToken);
        foreach (var import in interrupted)
        {
            import.State = ImportState.Queued;
            import.JobId = jobs.Enqueue<ImportDatasetJob>(job => job.RunAsync(import.Id, CancellationToken.None));
            logger.LogWarning("Import {ImportId} ('{Dataset}') was interrupted by a restart; queued again", import.Id, import.DatasetName);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
