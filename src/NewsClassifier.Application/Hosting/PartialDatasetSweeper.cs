using NewsClassifier.Application.Imports;
using NewsClassifier.Data.Sql;
using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Application.Hosting;

/// <summary>
/// Deletes the datasets imports left <see cref="DatasetState.Importing"/> when their process died (a refused, cancelled
/// or failed import deletes its own): every Importing dataset whose name no live import holds (<see cref="ImportLock"/>,
/// released by the operating system when the importing process ends), whether its import row is finished, gone, or still
/// says Running after a crash (its retry starts afresh). One being written by a live import, in this process or another
/// (the CLI), is kept. Runs at start with the staging sweep.
/// </summary>
public sealed class PartialDatasetSweeper(IDbContextFactory<NewsDbContext> contexts, DatabaseDialect dialect, DataPaths paths,
    ILogger<PartialDatasetSweeper> logger)
{
    /// <summary>The ids of the datasets deleted.</summary>
    public async Task<IReadOnlyList<int>> SweepAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var partial = await db.Datasets.IgnoreQueryFilters().AsNoTracking().Where(d => d.State == DatasetState.Importing)
            .Select(d => new { d.Id, d.Name, d.ImportId }).ToListAsync(cancellationToken);
        if (partial.Count == 0) return [];

        var deleted = new List<int>();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        foreach (var dataset in partial)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Held while deleting, so no import of the name starts meanwhile.
            using var nameLock = ImportLock.TryAcquire(paths, dataset.Name);
            if (nameLock is null) continue; // a live import is writing it
            var articles = PartialDatasets.Delete(dialect, connection, dataset.Id);
            deleted.Add(dataset.Id);
            logger.LogInformation("Swept the partial dataset {Id} '{Name}' ({Articles} articles) an interrupted import {ImportId} left",
                dataset.Id, LogText.Safe(dataset.Name), articles, dataset.ImportId);
        }
        return deleted;
    }
}
