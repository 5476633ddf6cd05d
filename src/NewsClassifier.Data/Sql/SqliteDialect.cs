using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;
using NewsClassifier.Data.Bulk;
using NewsClassifier.Data.Search;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Data.Sql;

/// <summary>The embedded default: connections wait for a busy lock in SQLite's own handler (<see cref="SqliteBusyTimeout"/>),
/// write units take the lock up front (BEGIN IMMEDIATE) and run again after a transient SQLITE_BUSY, search goes through
/// the FTS5 table <see cref="ArticleSearchIndex.Table"/>.</summary>
public sealed class SqliteDialect(string connectionString) : DatabaseDialect
{
    private const string Index = ArticleSearchIndex.Table;
    private const int SqliteConstraint = 19;

    /// <summary>A file under <c>{scope}-locks/</c> beside the database opened with FileShare.None (an flock on Unix). The
    /// files stay (one per name ever locked, empty): deleting one another process may be opening would let two hold it.</summary>
    public override IDisposable? TryLock(string scope, string name)
    {
        var database = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(database)!, scope + "-locks")).FullName;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..24];
        try
        {
            return new FileStream(Path.Combine(folder, hash + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            SqliteBusyTimeout.Apply(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            SqliteBusyTimeout.Apply(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override T InWriteTransaction<T>(DbConnection connection, Func<DbTransaction, T> work) => SqliteRetry.Execute(() =>
    {
        // BEGIN IMMEDIATE: the write lock is taken (or waited for) up front, so the unit never fails half-way on a read
        // transaction that cannot be upgraded.
        using var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        var result = work(transaction);
        transaction.Commit();
        return result;
    });

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint };

    public override SearchClause? Search(string? text) =>
        ArticleSearchIndex.ToMatchExpression(text) is { } match
            // FTS5 returns matches in rowid (= article Id) order; ordering by that column itself lets SQLite stop after
            // one page instead of sorting every match.
            ? new SearchClause($"{Index} JOIN Articles x ON x.Id = {Index}.rowid", $"{Index} MATCH @match", $"{Index}.rowid", [("@match", match)])
            : null;

    public override string DeleteSearchRows(string articleIds) => $"DELETE FROM {Index} WHERE rowid IN ({articleIds});";

    public override async Task IndexArticleAsync(DbContext db, long articleId, string title, string text, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync($"INSERT INTO {Index} (rowid, Title, Text) VALUES ({{0}}, {{1}}, {{2}})",
            [articleId, title, text], cancellationToken);

    public override IArticleWriter BeginArticleWriter(DbConnection connection) => SqliteArticleWriter.Begin((SqliteConnection)connection);

    // One prepared statement in the open transaction: 120,000 rows in well under a second, where change-tracked entities
    // would take many.
    public override async Task InsertSnapshotArticlesAsync(DbContext db, int snapshotId, long[] articleIds, IReadOnlyList<int> labelOrdinals,
        bool[] isValidation, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = "INSERT INTO SnapshotArticles (SnapshotId, ArticleId, LabelOrdinal, IsValidation) VALUES ($s, $a, $l, $v)";
        var s = command.CreateParameter(); s.ParameterName = "$s"; s.Value = snapshotId; command.Parameters.Add(s);
        var a = command.CreateParameter(); a.ParameterName = "$a"; command.Parameters.Add(a);
        var l = command.CreateParameter(); l.ParameterName = "$l"; command.Parameters.Add(l);
        var v = command.CreateParameter(); v.ParameterName = "$v"; command.Parameters.Add(v);
        await command.PrepareAsync(cancellationToken);
        for (int i = 0; i < articleIds.Length; i++)
        {
            a.Value = articleIds[i];
            l.Value = labelOrdinals[i];
            v.Value = isValidation[i];
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public override string NullsAsSqlite(bool descending) => "";

    // A big import leaves a WAL file as large as itself; fold it into the database and truncate it.
    public override void AfterBulkWrite(DbConnection connection) => Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");

    // With SQLite's default 2 MB page cache, removing a million entries from four indexes thrashes (over a minute); a
    // large cache for this one statement brings it to seconds. Reset before the connection is pooled.
    public override (string Prepare, string Restore)? LargeDeleteSettings =>
        ("PRAGMA cache_size=-262144; PRAGMA synchronous=NORMAL;", "PRAGMA cache_size=-2000;");
}
