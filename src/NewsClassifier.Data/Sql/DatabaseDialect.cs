using System.Data.Common;
using NewsClassifier.Data.Bulk;

namespace NewsClassifier.Data.Sql;

/// <summary>
/// The one seam for what differs between the providers on the raw-SQL paths (bulk import, paging over millions of
/// articles, full-text search, export, big deletes), where EF's per-row overhead matters: raw connections, write
/// transactions, the full-text article search, the bulk article writer and the provider's housekeeping. Chosen once
/// from <see cref="Storage.DatabaseTarget"/> (<see cref="DataServiceExtensions.AddNewsData"/>); the application services
/// write their shared SQL with double-quoted identifiers and <c>@name</c> parameters, which both providers read alike.
/// </summary>
public abstract class DatabaseDialect
{
    public abstract DbConnection Open();

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Runs one unit of write work in a transaction and commits it; on SQLite the write lock is taken up front
    /// and a transient SQLITE_BUSY runs the whole unit again, so <paramref name="work"/> must leave nothing behind when it throws.</summary>
    public abstract T InWriteTransaction<T>(DbConnection connection, Func<DbTransaction, T> work);

    /// <summary>Whether the error is a unique constraint refusing a row (a dataset name taken meanwhile).</summary>
    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>
    /// An exclusive lock on <paramref name="name"/> within <paramref name="scope"/>, held until disposed and released by the
    /// operating system (SQLite: a file lock beside the database) or the server (PostgreSQL: a session advisory lock)
    /// when the holder dies, even by kill -9, so it works across processes and, on PostgreSQL, across machines.
    /// Null when another holder has it.
    /// </summary>
    public abstract IDisposable? TryLock(string scope, string name);

    /// <summary>What a user typed in the article search box, as SQL over <c>"Articles" x</c>; null when it has no word to
    /// look for (then every article matches). Every word must occur, case-insensitively and ignoring diacritics; a word
    /// with punctuation inside is its parts in a row ("e-mail" is "e" followed by "mail").</summary>
    public abstract SearchClause? Search(string? text);

    /// <summary>A statement (ending in ';') deleting the search-index rows of the articles <paramref name="articleIds"/>
    /// selects, or "" where the index lives on the article rows themselves.</summary>
    public abstract string DeleteSearchRows(string articleIds);

    /// <summary>Adds an article saved through EF to the search index, inside the caller's transaction.</summary>
    public abstract Task IndexArticleAsync(DbContext db, long articleId, string title, string text, CancellationToken cancellationToken);

    /// <summary>Starts writing one new dataset in batches on an open connection (see <see cref="IArticleWriter"/>).</summary>
    public abstract IArticleWriter BeginArticleWriter(DbConnection connection);

    /// <summary>Writes a snapshot's article rows (one per article: its label ordinal and whether it is in the validation
    /// split) inside the context's open transaction, without EF's per-entity tracking.</summary>
    public abstract Task InsertSnapshotArticlesAsync(DbContext db, int snapshotId, long[] articleIds, IReadOnlyList<int> labelOrdinals,
        bool[] isValidation, CancellationToken cancellationToken);

    /// <summary>What follows an ORDER BY term over a nullable column so that NULLs sort first ascending and last descending,
    /// SQLite's own order (PostgreSQL sorts NULLs the other way round by default).</summary>
    public abstract string NullsAsSqlite(bool descending);

    /// <summary>Housekeeping after a large import succeeded, on the importer's connection (outside any transaction).</summary>
    public abstract void AfterBulkWrite(DbConnection connection);

    /// <summary>Connection settings for one large set-based delete and the statement that restores them before the
    /// connection goes back to the pool; null where the provider needs none.</summary>
    public abstract (string Prepare, string Restore)? LargeDeleteSettings { get; }

    protected static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0; // a VACUUM of millions of rows may take minutes
        command.ExecuteNonQuery();
    }
}
