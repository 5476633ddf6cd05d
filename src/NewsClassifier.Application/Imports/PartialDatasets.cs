using System.Data.Common;
using NewsClassifier.Data.Sql;
using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Finds and deletes datasets an import left <see cref="DatasetState.Importing"/> (refused, cancelled, failed, or
/// interrupted by a crash). The delete goes in short transactions of <see cref="BatchRows"/> articles, like the import
/// itself, so removing a half-written million rows never holds the write lock for long; the dataset row goes last,
/// so an interrupted delete is still found and finished by the next clean-up.
/// </summary>
internal static class PartialDatasets
{
    /// <summary>Measured: 2,000 articles with their four index entries and search rows delete in about 30-80 ms.</summary>
    public const int BatchRows = 2_000;

    public static string BeingImported(string name) =>
        $"A dataset named '{name}' is being imported right now; wait until that import ends, or choose another name.";

    /// <summary>The Importing dataset of that name, if any (the name is unique).</summary>
    public static List<int> Named(DbConnection connection, string name) =>
        Ids(connection, "SELECT \"Id\" FROM \"Datasets\" WHERE \"Name\" = @name AND \"State\" = @importing", ("@name", name));

    /// <summary>The Importing datasets written by import <paramref name="importId"/>.</summary>
    public static List<int> OfImport(DbConnection connection, int importId) =>
        Ids(connection, "SELECT \"Id\" FROM \"Datasets\" WHERE \"ImportId\" = @import AND \"State\" = @importing", ("@import", importId));

    private static List<int> Ids(DbConnection connection, string sql, (string Name, object Value) key)
    {
        using var command = connection.Command(sql).With([key, ("@importing", (int)DatasetState.Importing)]);
        var ids = new List<int>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetInt32(0));
        return ids;
    }

    /// <summary>Deletes an Importing dataset with its articles, search rows and labels; a Ready one is left alone (a user's
    /// delete goes through <see cref="Datasets.DatasetCatalog"/>). Returns the number of articles deleted.</summary>
    public static int Delete(DatabaseDialect dialect, DbConnection connection, int datasetId)
    {
        var deleted = 0;
        while (true)
        {
            var batch = dialect.InWriteTransaction(connection, transaction =>
            {
                using var command = connection.Command("SELECT EXISTS (SELECT 1 FROM \"Datasets\" WHERE \"Id\" = @id AND \"State\" = @importing)", transaction)
                    .With([("@id", datasetId), ("@importing", (int)DatasetState.Importing), ("@batch", BatchRows)]);
                if (!DbCommandExtensions.IsTrue(command.ExecuteScalar())) return -1;
                // The same subquery twice in one transaction picks the same rows: the search rows, then the articles.
                const string Batch = "SELECT \"Id\" FROM \"Articles\" WHERE \"DatasetId\" = @id LIMIT @batch";
                if (dialect.DeleteSearchRows(Batch) is { Length: > 0 } searchRows)
                {
                    command.CommandText = searchRows;
                    command.ExecuteNonQuery();
                }
                command.CommandText = $"DELETE FROM \"Articles\" WHERE \"Id\" IN ({Batch})";
                var rows = command.ExecuteNonQuery();
                if (rows == 0)
                {
                    command.CommandText = "DELETE FROM \"LabelClasses\" WHERE \"DatasetId\" = @id; DELETE FROM \"Datasets\" WHERE \"Id\" = @id;";
                    command.ExecuteNonQuery();
                }
                return rows;
            });
            if (batch <= 0) return deleted;
            deleted += batch;
        }
    }
}
