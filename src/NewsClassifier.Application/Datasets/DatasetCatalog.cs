using Microsoft.Data.Sqlite;
using NewsClassifier.Data.Search;

namespace NewsClassifier.Application.Datasets;

/// <summary>Lists, looks up and deletes datasets.</summary>
public sealed class DatasetCatalog(IDbContextFactory<NewsDbContext> contexts, SqliteConnections connections, ILogger<DatasetCatalog> logger)
{
    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Datasets.AsNoTracking()
            .OrderBy(d => d.Name)
            .Select(d => new DatasetSummary(d.Id, d.Name, d.Description, d.Source, d.Format, d.CreatedAt, d.ArticleCount, d.LabelledCount))
            .ToListAsync(cancellationToken);
    }

    public Task<DatasetDetails?> GetAsync(int id, CancellationToken cancellationToken) =>
        FindAsync(db => db.Datasets.Where(d => d.Id == id), cancellationToken);

    public Task<DatasetDetails?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var trimmed = name.Trim();
        return FindAsync(db => db.Datasets.Where(d => d.Name == trimmed), cancellationToken);
    }

    /// <summary>Deletes the dataset with its labels, articles and their search-index entries in one transaction
    /// (set-based SQL: a million articles take about ten seconds, where EF's per-entity deletes would take many minutes).</summary>
    /// <returns>False when there was no such dataset.</returns>
    public async Task<bool> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // With SQLite's default 2 MB page cache, removing a million entries from four indexes thrashes (over a
        // minute); a large cache for this one statement brings it to seconds. Reset before the connection is pooled.
        command.CommandText = "PRAGMA cache_size=-262144; PRAGMA synchronous=NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            command.Transaction = transaction;
            command.Parameters.AddWithValue("$id", id);
            // An Importing dataset is not there for users (its import deletes or finishes it): nothing to delete.
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM Datasets WHERE Id = $id AND State = $ready)";
            command.Parameters.AddWithValue("$ready", (int)Domain.Datasets.DatasetState.Ready);
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) == 0) return false;
            command.CommandText =
                $"DELETE FROM {ArticleSearchIndex.Table} WHERE rowid IN (SELECT Id FROM Articles WHERE DatasetId = $id);" +
                "DELETE FROM Articles WHERE DatasetId = $id;" +
                "DELETE FROM LabelClasses WHERE DatasetId = $id;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = "DELETE FROM Datasets WHERE Id = $id";
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
            await transaction.CommitAsync(cancellationToken);
            if (deleted) logger.LogInformation("Deleted dataset {Id}", id);
            return deleted;
        }
        finally
        {
            command.Transaction = null;
            command.Parameters.Clear();
            command.CommandText = "PRAGMA cache_size=-2000;";
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<DatasetDetails?> FindAsync(Func<NewsDbContext, IQueryable<Domain.Datasets.Dataset>> query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var dataset = await query(db).AsNoTracking().Include(d => d.Labels).FirstOrDefaultAsync(cancellationToken);
        return dataset is null
            ? null
            : new DatasetDetails(dataset.Id, dataset.Name, dataset.Description, dataset.Source, dataset.Format, dataset.CreatedAt,
                dataset.ArticleCount, dataset.LabelledCount,
                dataset.Labels.OrderBy(l => l.Ordinal).Select(l => new LabelInfo(l.Id, l.Ordinal, l.Name)).ToList());
    }
}
