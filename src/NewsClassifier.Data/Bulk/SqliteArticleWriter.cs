using Microsoft.Data.Sqlite;
using NewsClassifier.Data.Search;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Data.Bulk;

/// <summary>
/// The SQLite <see cref="IArticleWriter"/>: raw prepared statements in short transactions, so other writers (sign-ins,
/// annotations, training progress) wait at most one batch instead of the whole import. Articles are written in batches
/// of about <see cref="TargetBatchTime"/> (or fewer rows when their text is large) together with their labels and
/// search-index entries. A batch that meets a transient SQLITE_BUSY is rolled back and written again from the buffer.
/// </summary>
public sealed class SqliteArticleWriter : IArticleWriter
{
    /// <summary>The first batch's size (<see cref="ArticleBatches.Rows"/>). Measured with the import benchmark (120,000 generated rows, a writer saving every
    /// 50 ms, on a 2-core machine at load 15-30): batches of 1,000 / 2,000 / 5,000 / 10,000 rows gave 5,400 / 6,000-7,300 /
    /// 6,400-8,600 / 7,900 rows/s and a longest concurrent wait of 0.8 / 0.85-1.0 / 0.9-1.5 / 1.9 s (one transaction: 11,000
    /// rows/s, 10.9 s). 2,000 is the middle; <see cref="TargetBatchTime"/> then sizes the following batches.</summary>
    public const int BatchRows = ArticleBatches.Rows;

    /// <summary>How long one batch should hold the write lock: batches that take longer (a loaded machine, long texts)
    /// are halved, quicker ones doubled, between <see cref="MinBatchRows"/> and <see cref="MaxBatchRows"/>.</summary>
    public static readonly TimeSpan TargetBatchTime = TimeSpan.FromMilliseconds(150);
    public const int MinBatchRows = 250;
    public const int MaxBatchRows = 8_000;

    private readonly SqliteConnection _connection;
    private readonly ArticleBuffer _articles = new();
    private readonly List<(int Ordinal, string Name)> _labels = [];
    private readonly List<long> _labelIds = [];
    private int _batchRows = BatchRows;
    private TimeSpan _lastHold;
    private int _datasetId;

    private SqliteArticleWriter(SqliteConnection connection)
    {
        _connection = connection;
        // NORMAL is durable at every commit in WAL mode and skips the per-page fsync FULL would add; the page cache
        // is raised so the four Articles indexes and the FTS segments stay in memory while they grow.
        Execute("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;");
    }

    public static SqliteArticleWriter Begin(SqliteConnection openConnection) => new(openConnection);

    public int DatasetId => _datasetId;

    /// <inheritdoc />
    public int BatchesWritten { get; private set; }

    /// <summary>The longest a batch transaction held the write lock (commit included), for the log.</summary>
    public TimeSpan LongestBatch { get; private set; }

    /// <summary>Inserts the dataset row (Importing) in its own transaction and returns its Id.</summary>
    /// <exception cref="SqliteException">SQLITE_CONSTRAINT when the name is taken.</exception>
    public int CreateDataset(string name, string? description, string source, string format, DateTime createdAtUtc, int? importId)
    {
        _datasetId = InTransaction(transaction =>
        {
            using var command = Command(transaction,
                "INSERT INTO Datasets (Name, Description, Source, Format, CreatedAt, ArticleCount, LabelledCount, State, ImportId) " +
                "VALUES ($name, $description, $source, $format, $created, 0, 0, $state, $import) RETURNING Id");
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$description", (object?)description ?? DBNull.Value);
            command.Parameters.AddWithValue("$source", source);
            command.Parameters.AddWithValue("$format", format);
            command.Parameters.AddWithValue("$created", createdAtUtc);
            command.Parameters.AddWithValue("$state", (int)DatasetState.Importing);
            command.Parameters.AddWithValue("$import", (object?)importId ?? DBNull.Value);
            return Convert.ToInt32(command.ExecuteScalar());
        });
        return _datasetId;
    }

    /// <inheritdoc />
    public void AddLabel(int ordinal, string name) => _labels.Add((ordinal, name));

    /// <inheritdoc />
    public void AddArticle(int sourceRow, string title, string text, int? labelOrdinal, int? suggestedOrdinal = null,
        string? originalTitle = null, string? originalText = null)
    {
        if (_articles.Add(new PendingArticle(sourceRow, title, text, labelOrdinal, suggestedOrdinal, originalTitle, originalText), _batchRows))
            Flush();
    }

    /// <inheritdoc />
    public void Complete(int articleCount, int labelledCount)
    {
        WriteBatch(transaction =>
        {
            using var command = Command(transaction,
                "UPDATE Datasets SET ArticleCount = $articles, LabelledCount = $labelled, State = $ready WHERE Id = $id");
            command.Parameters.AddWithValue("$articles", articleCount);
            command.Parameters.AddWithValue("$labelled", labelledCount);
            command.Parameters.AddWithValue("$ready", (int)DatasetState.Ready);
            command.Parameters.AddWithValue("$id", _datasetId);
            command.ExecuteNonQuery();
        });
    }

    private void Flush()
    {
        if (_articles.Count > 0 || _labels.Count > _labelIds.Count) WriteBatch(null);
    }

    /// <summary>One transaction: new labels, the buffered articles, their search-index rows (one set-based statement over
    /// the batch's Id range, faster than a second insert per row), then <paramref name="finish"/>. Retried whole after a
    /// transient error; the buffer is cleared only after the commit.</summary>
    private void WriteBatch(Action<SqliteTransaction>? finish)
    {
        var newLabelIds = InTransaction(transaction =>
        {
            var labelIds = new List<long>();
            foreach (var (ordinal, name) in _labels.Skip(_labelIds.Count))
            {
                using var command = Command(transaction, "INSERT INTO LabelClasses (DatasetId, Ordinal, Name) VALUES ($dataset, $ordinal, $name) RETURNING Id");
                command.Parameters.AddWithValue("$dataset", _datasetId);
                command.Parameters.AddWithValue("$ordinal", ordinal);
                command.Parameters.AddWithValue("$name", name);
                labelIds.Add(Convert.ToInt64(command.ExecuteScalar()));
            }
            if (_articles.Count > 0) WriteArticles(transaction, labelIds);
            finish?.Invoke(transaction);
            return labelIds;
        });
        _labelIds.AddRange(newLabelIds);
        var full = _articles.Count >= _batchRows;
        _articles.Clear();
        BatchesWritten++;
        var elapsed = _lastHold;
        if (elapsed > LongestBatch) LongestBatch = elapsed;
        if (elapsed > TargetBatchTime * 1.5) _batchRows = Math.Max(MinBatchRows, _batchRows / 2);
        else if (elapsed < TargetBatchTime / 2 && full) _batchRows = Math.Min(MaxBatchRows, _batchRows * 2);
    }

    private void WriteArticles(SqliteTransaction transaction, List<long> newLabelIds)
    {
        using var insert = Command(transaction,
            "INSERT INTO Articles (DatasetId, SourceRow, Title, Text, LabelId, SuggestedLabelId, OriginalTitle, OriginalText) " +
            "VALUES ($dataset, $row, $title, $text, $label, $suggested, $originalTitle, $originalText)");
        insert.Parameters.AddWithValue("$dataset", _datasetId);
        var row = insert.Parameters.Add("$row", SqliteType.Integer);
        var title = insert.Parameters.Add("$title", SqliteType.Text);
        var text = insert.Parameters.Add("$text", SqliteType.Text);
        var label = insert.Parameters.Add("$label", SqliteType.Integer);
        var suggested = insert.Parameters.Add("$suggested", SqliteType.Integer);
        var originalTitle = insert.Parameters.Add("$originalTitle", SqliteType.Text);
        var originalText = insert.Parameters.Add("$originalText", SqliteType.Text);
        insert.Prepare();
        long firstId = 0;
        foreach (var article in _articles.Articles)
        {
            row.Value = article.SourceRow;
            title.Value = article.Title;
            text.Value = article.Text;
            label.Value = article.LabelOrdinal is { } ordinal ? LabelId(ordinal, newLabelIds) : DBNull.Value;
            suggested.Value = article.SuggestedOrdinal is { } proposal ? LabelId(proposal, newLabelIds) : DBNull.Value;
            originalTitle.Value = (object?)article.OriginalTitle ?? DBNull.Value;
            originalText.Value = (object?)article.OriginalText ?? DBNull.Value;
            insert.ExecuteNonQuery();
            if (firstId == 0) firstId = LastInsertedId(transaction);
        }

        using var index = Command(transaction,
            $"INSERT INTO {ArticleSearchIndex.Table} (rowid, Title, Text) SELECT Id, Title, Text FROM Articles WHERE Id >= $first AND DatasetId = $id");
        index.Parameters.AddWithValue("$first", firstId);
        index.Parameters.AddWithValue("$id", _datasetId);
        index.ExecuteNonQuery();
    }

    private long LastInsertedId(SqliteTransaction transaction)
    {
        using var command = Command(transaction, "SELECT last_insert_rowid()");
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private long LabelId(int ordinal, List<long> newLabelIds) =>
        ordinal < _labelIds.Count ? _labelIds[ordinal] : newLabelIds[ordinal - _labelIds.Count];

    private T InTransaction<T>(Func<SqliteTransaction, T> work) => SqliteRetry.Execute(() =>
    {
        // BEGIN IMMEDIATE: the write lock is taken (or waited for) up front, so a batch never fails half-way on a
        // read transaction that cannot be upgraded.
        using var transaction = _connection.BeginTransaction(deferred: false);
        var held = System.Diagnostics.Stopwatch.StartNew(); // from the lock taken, not from the wait for it
        var result = work(transaction);
        transaction.Commit();
        _lastHold = held.Elapsed;
        return result;
    });

    public void Dispose()
    {
        // The connection goes back to the pool: do not leave it holding a quarter GB of cache.
        try { Execute("PRAGMA cache_size=-2000;"); }
        catch (SqliteException) { } // the connection failed under us; the pool discards it
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
