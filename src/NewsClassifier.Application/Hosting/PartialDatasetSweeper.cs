using NewsClassifier.Application.Imports;
using NewsClassifier.Data.Search;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Hosting;

/// <summary>
/// Deletes the datasets imports left <see cref="DatasetState.Importing"/> when their process died (a refused, cancelled
/// or failed import deletes its own): those whose import row is finished or gone, and those of CLI imports (no import
/// row) created more than <see cref="SweepOptions.StaleAfterHours"/> ago. An Importing dataset whose import is queued or
/// running is kept: that import is writing it now, or its retry deletes it first. Runs at start with the staging sweep.
/// </summary>
public sealed class PartialDatasetSweeper(IDbContextFactory<NewsDbContext> contexts, SqliteConnections connections, IOptions<SweepOptions> options,
    TimeProvider clock, ILogger<PartialDatasetSweeper> logger)
{
    /// <summary>The ids of the datasets deleted.</summary>
    public async Task<IReadOnlyList<int>> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(options.Value.StaleAfterHours);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var partial = await db.Datasets.IgnoreQueryFilters().AsNoTracking().Where(d => d.State == DatasetState.Importing)
            .Select(d => new { d.Id, d.Name, d.ImportId, d.CreatedAt }).ToListAsync(cancellationToken);
        if (partial.Count == 0) return [];
        var importIds = partial.Select(d => d.ImportId).OfType<int>().ToList();
        var live = (await db.DatasetImports.AsNoTracking()
            .Where(i => importIds.Contains(i.Id) && (i.State == ImportState.Queued || i.State == ImportState.Running))
            .Select(i => i.Id).ToListAsync(cancellationToken)).ToHashSet();

        var deleted = new List<int>();
        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var dataset in partial)
        {
            var abandoned = dataset.ImportId is { } importId ? !live.Contains(importId) : dataset.CreatedAt < cutoff;
            if (!abandoned) continue;
            cancellationToken.ThrowIfCancellationRequested();
            var articles = PartialDatasets.Delete(connection, dataset.Id);
            deleted.Add(dataset.Id);
            logger.LogInformation("Swept the partial dataset {Id} '{Name}' ({Articles} articles) an interrupted import {ImportId} left",
                dataset.Id, LogText.Safe(dataset.Name), articles, dataset.ImportId);
        }
        return deleted;
    }
}
