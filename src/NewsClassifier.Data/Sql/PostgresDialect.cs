using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using NewsClassifier.Data.Bulk;
using NewsClassifier.Data.Search;

namespace NewsClassifier.Data.Sql;

/// <summary>PostgreSQL: connections from one <see cref="NpgsqlDataSource"/> (its pool), plain transactions (row locks wait
/// by themselves), search over the generated tsvector column with its GIN index, and binary COPY for imports.</summary>
public sealed class PostgresDialect(NpgsqlDataSource dataSource) : DatabaseDialect, IAsyncDisposable, IDisposable
{
    public NpgsqlDataSource DataSource => dataSource;

    public override DbConnection Open() => dataSource.OpenConnection();

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    public override T InWriteTransaction<T>(DbConnection connection, Func<DbTransaction, T> work)
    {
        using var transaction = connection.BeginTransaction();
        var result = work(transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>A session advisory lock on a connection of its own, keyed by 64 bits of SHA-256 of scope and name; the
    /// server drops it with the connection when the holder dies.</summary>
    public override IDisposable? TryLock(string scope, string name)
    {
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\0" + name)), 0);
        var connection = dataSource.OpenConnection();
        try
        {
            using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if ((bool)command.ExecuteScalar()!) return new AdvisoryLock(connection, key);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        connection.Dispose();
        return null;
    }

    /// <summary>Unlocks explicitly before the connection goes back to the pool (a pooled connection keeps its session).</summary>
    private sealed class AdvisoryLock(NpgsqlConnection connection, long key) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                command.ExecuteScalar();
            }
            finally
            {
                connection.Dispose();
            }
        }
    }

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Each word becomes a phrase of its normalised parts (as FTS5 reads a quoted word), all of them ANDed into
    /// one tsquery so the GIN index answers the whole search in one scan.</summary>
    public override SearchClause? Search(string? text)
    {
        var words = ArticleSearchIndex.Words(text);
        if (words.Count == 0) return null;
        var phrases = words.Select((_, i) => $"phraseto_tsquery('simple', {ArticleSearchIndex.TextFunction}(@word{i}))");
        return new SearchClause("\"Articles\" x", $"x.\"{ArticleSearchIndex.VectorColumn}\" @@ ({string.Join(" && ", phrases)})", "x.\"Id\"",
            words.Select((word, i) => ($"@word{i}", (object)word)).ToList());
    }

    // The index is a generated column of the article row: it goes with the row.
    public override string DeleteSearchRows(string articleIds) => "";

    public override Task IndexArticleAsync(DbContext db, long articleId, string title, string text, CancellationToken cancellationToken) =>
        Task.CompletedTask; // computed by the generated column when the row was inserted

    public override IArticleWriter BeginArticleWriter(DbConnection connection) => new PostgresArticleWriter((NpgsqlConnection)connection);

    // Binary COPY on the context's own connection, which joins its open transaction.
    public override async Task InsertSnapshotArticlesAsync(DbContext db, int snapshotId, long[] articleIds, IReadOnlyList<int> labelOrdinals,
        bool[] isValidation, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY \"SnapshotArticles\" (\"SnapshotId\", \"ArticleId\", \"LabelOrdinal\", \"IsValidation\") FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var i = 0; i < articleIds.Length; i++)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(snapshotId, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(articleIds[i], NpgsqlDbType.Bigint, cancellationToken);
            await importer.WriteAsync(labelOrdinals[i], NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(isValidation[i], NpgsqlDbType.Boolean, cancellationToken);
        }
        await importer.CompleteAsync(cancellationToken);
    }

    public override string NullsAsSqlite(bool descending) => descending ? " NULLS LAST" : " NULLS FIRST";

    /// <summary>Fresh statistics, so the planner sees the new dataset's rows at once instead of after autovacuum's next
    /// round, and a VACUUM: freshly copied pages are not yet all-visible, so until autovacuum gets there a deep page
    /// (OFFSET 100,000) visits the heap row by row instead of skipping through the index alone. Outside any
    /// transaction, as VACUUM requires.</summary>
    public override void AfterBulkWrite(DbConnection connection) => Execute(connection, "VACUUM (ANALYZE) \"Articles\";");

    public override (string Prepare, string Restore)? LargeDeleteSettings => null;

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();
}
