using Microsoft.Data.Sqlite;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Data.Search;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Writes one new dataset with raw prepared statements inside a single transaction: nothing is visible to
/// other connections until <see cref="Commit"/>, and disposing without committing (a problem row,
/// cancellation, a crash) leaves no trace. Articles get increasing Ids in file order, which the browse
/// queries rely on (see <see cref="ArticleQueries"/>).
/// </summary>
internal sealed class ArticleWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insertArticle;
    private readonly SqliteParameter _row, _title, _text, _label;
    private int _datasetId;
    private bool _committed;

    private ArticleWriter(SqliteConnection connection)
    {
        _connection = connection;
        // NORMAL is durable at every commit in WAL mode and skips the per-page fsync FULL would add; the page cache
        // is raised so the four Articles indexes and the FTS segments stay in memory while they grow.
        Execute("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;");
        _transaction = connection.BeginTransaction();

        _insertArticle = Command("INSERT INTO Articles (DatasetId, SourceRow, Title, Text, LabelId) VALUES ($dataset, $row, $title, $text, $label)");
        _insertArticle.Parameters.Add("$dataset", SqliteType.Integer);
        _row = _insertArticle.Parameters.Add("$row", SqliteType.Integer);
        _title = _insertArticle.Parameters.Add("$title", SqliteType.Text);
        _text = _insertArticle.Parameters.Add("$text", SqliteType.Text);
        _label = _insertArticle.Parameters.Add("$label", SqliteType.Integer);
    }

    public static ArticleWriter Begin(SqliteConnection openConnection) => new(openConnection);

    public int CreateDataset(string name, string? description, string source, string format, DateTime createdAtUtc)
    {
        using var command = Command(
            "INSERT INTO Datasets (Name, Description, Source, Format, CreatedAt, ArticleCount, LabelledCount) " +
            "VALUES ($name, $description, $source, $format, $created, 0, 0) RETURNING Id");
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$description", (object?)description ?? DBNull.Value);
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$format", format);
        command.Parameters.AddWithValue("$created", createdAtUtc);
        _datasetId = Convert.ToInt32(command.ExecuteScalar());
        _insertArticle.Parameters["$dataset"].Value = _datasetId;
        _insertArticle.Prepare();
        return _datasetId;
    }

    public long AddLabel(int ordinal, string name)
    {
        using var command = Command("INSERT INTO LabelClasses (DatasetId, Ordinal, Name) VALUES ($dataset, $ordinal, $name) RETURNING Id");
        command.Parameters.AddWithValue("$dataset", _datasetId);
        command.Parameters.AddWithValue("$ordinal", ordinal);
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public void AddArticle(int sourceRow, string title, string text, long? labelId)
    {
        _row.Value = sourceRow;
        _title.Value = title;
        _text.Value = text;
        _label.Value = labelId is { } id ? id : DBNull.Value;
        _insertArticle.ExecuteNonQuery();
    }

    /// <summary>Adds the dataset's articles to the full-text index: one set-based statement after the rows are in
    /// is faster than a second insert per row.</summary>
    public void IndexForSearch()
    {
        using var command = Command($"INSERT INTO {ArticleSearchIndex.Table} (rowid, Title, Text) SELECT Id, Title, Text FROM Articles WHERE DatasetId = $id");
        command.Parameters.AddWithValue("$id", _datasetId);
        command.ExecuteNonQuery();
    }

    public void Commit(int articleCount, int labelledCount)
    {
        using var command = Command("UPDATE Datasets SET ArticleCount = $articles, LabelledCount = $labelled WHERE Id = $id");
        command.Parameters.AddWithValue("$articles", articleCount);
        command.Parameters.AddWithValue("$labelled", labelledCount);
        command.Parameters.AddWithValue("$id", _datasetId);
        command.ExecuteNonQuery();
        _transaction.Commit();
        _committed = true;
    }

    public void Dispose()
    {
        _insertArticle.Dispose();
        try
        {
            if (!_committed) _transaction.Rollback();
        }
        catch (SqliteException)
        {
            // The connection failed under us: SQLite discards the uncommitted transaction anyway.
        }
        _transaction.Dispose();
        // The connection goes back to the pool: do not leave it holding a quarter GB of cache.
        Execute("PRAGMA cache_size=-2000;");
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
