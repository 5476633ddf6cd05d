using System.Text;
using System.Data.Common;
using NewsClassifier.Data.Sql;
using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Application.Datasets;

/// <summary>
/// Paging, sorting, filtering and full-text search over one dataset's articles, written in SQL so each page
/// query walks an index rather than the table, even with millions of articles:
/// the page's Ids are picked from a covering index first (OFFSET skips index entries, not rows), and only
/// those rows are read. File order uses (DatasetId, SourceRow); with a label filter it is Id order on
/// (DatasetId, LabelId), which is the same order because the importer inserts a dataset in file order. The full-text
/// part comes from the provider's <see cref="DatabaseDialect.Search"/>.
/// </summary>
public sealed class ArticleQueries(DatabaseDialect dialect)
{
    public const int PreviewLength = 300;
    public const int MaxTake = 1_000;
    public const int MaxSearchCount = 10_000;

    public async Task<ArticlePage> GetPageAsync(int datasetId, ArticleQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var skip = Math.Max(0, query.Skip);
        var take = Math.Clamp(query.Take, 0, MaxTake);
        await using var connection = await dialect.OpenAsync(cancellationToken);
        if (!await IsReadyAsync(connection, datasetId, cancellationToken)) return new ArticlePage([], 0);
        await using var command = connection.CreateCommand();
        command.Add("@dataset", datasetId);

        var filter = new StringBuilder("x.\"DatasetId\" = @dataset");
        var labelFiltered = false;
        if (query.UnlabelledOnly)
        {
            filter.Append(" AND x.\"LabelId\" IS NULL");
            labelFiltered = true;
        }
        else if (query.LabelOrdinal is { } ordinal)
        {
            var labelId = await ScalarAsync(connection,
                "SELECT \"Id\" FROM \"LabelClasses\" WHERE \"DatasetId\" = @dataset AND \"Ordinal\" = @ordinal",
                cancellationToken, ("@dataset", datasetId), ("@ordinal", ordinal));
            if (labelId is null) return new ArticlePage([], 0);
            filter.Append(" AND x.\"LabelId\" = @label");
            command.Add("@label", labelId);
            labelFiltered = true;
        }

        var match = dialect.Search(query.Search);
        var from = "\"Articles\" x";
        if (match is not null)
        {
            from = match.From;
            filter.Insert(0, $"{match.Condition} AND ");
            command.With(match.Parameters);
        }

        // Totals first: the stored count when unfiltered, an index range count per label; search counts stop early.
        int total;
        var totalIsLowerBound = false;
        if (match is not null)
        {
            command.CommandText = $"SELECT COUNT(*) FROM (SELECT 1 FROM {from} WHERE {filter} LIMIT {MaxSearchCount + 1}) m";
            total = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
            if (total > MaxSearchCount)
            {
                total = MaxSearchCount;
                totalIsLowerBound = true;
            }
        }
        else
        {
            command.CommandText = labelFiltered
                ? $"SELECT COUNT(*) FROM \"Articles\" x WHERE {filter}"
                : "SELECT \"ArticleCount\" FROM \"Datasets\" WHERE \"Id\" = @dataset";
            total = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken) ?? 0);
        }

        // OFFSET walks index entries one by one: for pages past the middle, walk from the other end instead.
        var descending = query.Descending;
        var innerSkip = skip;
        var innerTake = take;
        if (!totalIsLowerBound && skip > total / 2 && skip < total)
        {
            descending = !descending;
            innerTake = Math.Min(take, total - skip);
            innerSkip = total - skip - innerTake;
        }

        string Order(string alias, bool desc)
        {
            var direction = desc ? " DESC" : "";
            // The index's own Id column inside the page query (see SearchClause.IdColumn).
            var id = match is not null && alias == "x" ? match.IdColumn : $"{alias}.\"Id\"";
            return query.Sort switch
            {
                ArticleSort.Title => $"{alias}.\"Title\"{direction}, {id}{direction}",
                ArticleSort.Label => $"{alias}.\"LabelId\"{direction}{dialect.NullsAsSqlite(desc)}, {id}{direction}",
                _ when match is not null || labelFiltered => $"{id}{direction}",
                _ => $"{alias}.\"SourceRow\"{direction}, {id}{direction}",
            };
        }

        command.CommandText =
            $"SELECT a.\"Id\", a.\"SourceRow\", a.\"Title\", substr(a.\"Text\", 1, {PreviewLength}), l.\"Ordinal\", l.\"Name\" " +
            $"FROM (SELECT x.\"Id\" FROM {from} WHERE {filter} ORDER BY {Order("x", descending)} LIMIT @take OFFSET @skip) p " +
            "JOIN \"Articles\" a ON a.\"Id\" = p.\"Id\" LEFT JOIN \"LabelClasses\" l ON l.\"Id\" = a.\"LabelId\" " +
            $"ORDER BY {Order("a", query.Descending)}";
        command.Add("@take", innerTake);
        command.Add("@skip", innerSkip);

        var items = new List<ArticleRow>(take);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new ArticleRow(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }
        return new ArticlePage(items, total, totalIsLowerBound);
    }

    /// <summary>Articles per class in ordinal order (classes without articles included), then unlabelled ones if any.</summary>
    public async Task<IReadOnlyList<ClassCount>> CountPerClassAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        if (!await IsReadyAsync(connection, datasetId, cancellationToken)) return [];
        await using var command = connection.CreateCommand();
        command.Add("@dataset", datasetId);
        command.CommandText =
            "SELECT l.\"Ordinal\", l.\"Name\", (SELECT COUNT(*) FROM \"Articles\" a WHERE a.\"DatasetId\" = l.\"DatasetId\" AND a.\"LabelId\" = l.\"Id\") " +
            "FROM \"LabelClasses\" l WHERE l.\"DatasetId\" = @dataset ORDER BY l.\"Ordinal\"";
        var counts = new List<ClassCount>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                counts.Add(new ClassCount(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2)));
        }
        command.CommandText = "SELECT COUNT(*) FROM \"Articles\" WHERE \"DatasetId\" = @dataset AND \"LabelId\" IS NULL";
        var unlabelled = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
        if (unlabelled > 0) counts.Add(new ClassCount(null, ClassCount.UnlabelledName, unlabelled));
        return counts;
    }

    public async Task<ArticleDetails?> GetArticleAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT a.\"Id\", a.\"DatasetId\", a.\"SourceRow\", a.\"Title\", a.\"Text\", l.\"Ordinal\", l.\"Name\", a.\"OriginalTitle\", a.\"OriginalText\", s.\"Name\" " +
            "FROM \"Articles\" a JOIN \"Datasets\" d ON d.\"Id\" = a.\"DatasetId\" AND d.\"State\" = @ready LEFT JOIN \"LabelClasses\" l ON l.\"Id\" = a.\"LabelId\" " +
            "LEFT JOIN \"LabelClasses\" s ON s.\"Id\" = a.\"SuggestedLabelId\" WHERE a.\"Id\" = @id";
        command.Add("@id", id);
        command.Add("@ready", (int)DatasetState.Ready);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new ArticleDetails(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9));
    }

    /// <summary>False for a dataset that does not exist or that an import is still writing (invisible until Ready).</summary>
    internal static async Task<bool> IsReadyAsync(DbConnection connection, int datasetId, CancellationToken cancellationToken) =>
        DbCommandExtensions.IsTrue(await ScalarAsync(connection, "SELECT EXISTS (SELECT 1 FROM \"Datasets\" WHERE \"Id\" = @dataset AND \"State\" = @ready)",
            cancellationToken, ("@dataset", datasetId), ("@ready", (int)DatasetState.Ready)));

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = connection.Command(sql).With(parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
