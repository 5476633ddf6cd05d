using NewsClassifier.Data.Sql;

namespace NewsClassifier.Application.Datasets;

/// <summary>Lists, looks up and deletes datasets.</summary>
public sealed class DatasetCatalog(IDbContextFactory<NewsDbContext> contexts, DatabaseDialect dialect, ILogger<DatasetCatalog> logger)
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
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // One set-based delete of a whole dataset: a million articles with their indexes take about half a minute on
        // PostgreSQL, past Npgsql's 30 s default; the caller's token still cancels it.
        command.CommandTimeout = 0;
        var settings = dialect.LargeDeleteSettings;
        if (settings is { } prepare)
        {
            command.CommandText = prepare.Prepare;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            command.Transaction = transaction;
            command.Add("@id", id);
            // An Importing dataset is not there for users (its import deletes or finishes it): nothing to delete.
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM \"Datasets\" WHERE \"Id\" = @id AND \"State\" = @ready)";
            command.Add("@ready", (int)Domain.Datasets.DatasetState.Ready);
            if (!DbCommandExtensions.IsTrue(await command.ExecuteScalarAsync(cancellationToken))) return false;
            command.CommandText =
                dialect.DeleteSearchRows("SELECT \"Id\" FROM \"Articles\" WHERE \"DatasetId\" = @id") +
                "DELETE FROM \"Articles\" WHERE \"DatasetId\" = @id;" +
                "DELETE FROM \"LabelClasses\" WHERE \"DatasetId\" = @id;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = "DELETE FROM \"Datasets\" WHERE \"Id\" = @id";
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
            await transaction.CommitAsync(cancellationToken);
            if (deleted) logger.LogInformation("Deleted dataset {Id}", id);
            return deleted;
        }
        finally
        {
            if (settings is { } restore)
            {
                command.Transaction = null;
                command.Parameters.Clear();
                command.CommandText = restore.Restore;
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
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
