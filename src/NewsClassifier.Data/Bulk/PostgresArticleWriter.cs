using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace NewsClassifier.Data.Bulk;

/// <summary>
/// The PostgreSQL <see cref="IArticleWriter"/>: each batch is one transaction holding the batch's new labels (INSERT ...
/// RETURNING their Ids) and its articles streamed with binary COPY, which skips per-row statement overhead entirely.
/// Identity values follow the COPY's row order, so Ids increase in file order as the browse queries expect; the search
/// vector is a generated column and needs no second write. Batches are committed as they fill so a cancel or a crash
/// loses at most one, and the dataset stays Importing (hidden) until <see cref="Complete"/>.
/// </summary>
public sealed class PostgresArticleWriter(NpgsqlConnection connection) : IArticleWriter
{
    private const string Copy =
        "COPY \"Articles\" (\"DatasetId\", \"SourceRow\", \"Title\", \"Text\", \"LabelId\", \"SuggestedLabelId\", \"OriginalTitle\", \"OriginalText\") " +
        "FROM STDIN (FORMAT BINARY)";

    private readonly ArticleBuffer _articles = new();
    private readonly List<(int Ordinal, string Name)> _labels = [];
    private readonly List<int> _labelIds = [];

    public int DatasetId { get; private set; }

    public int BatchesWritten { get; private set; }

    public TimeSpan LongestBatch { get; private set; }

    public int CreateDataset(string name, string? description, string source, string format, DateTime createdAtUtc, int? importId)
    {
        using var command = new NpgsqlCommand(
            "INSERT INTO \"Datasets\" (\"Name\", \"Description\", \"Source\", \"Format\", \"CreatedAt\", \"ArticleCount\", \"LabelledCount\", \"State\", \"ImportId\") " +
            "VALUES (@name, @description, @source, @format, @created, 0, 0, @state, @import) RETURNING \"Id\"", connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("description", (object?)description ?? DBNull.Value);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("format", format);
        command.Parameters.AddWithValue("created", DateTime.SpecifyKind(createdAtUtc, DateTimeKind.Utc));
        command.Parameters.AddWithValue("state", (int)DatasetState.Importing);
        command.Parameters.AddWithValue("import", NpgsqlDbType.Integer, (object?)importId ?? DBNull.Value);
        DatasetId = Convert.ToInt32(command.ExecuteScalar());
        return DatasetId;
    }

    public void AddLabel(int ordinal, string name) => _labels.Add((ordinal, name));

    public void AddArticle(int sourceRow, string title, string text, int? labelOrdinal, int? suggestedOrdinal = null,
        string? originalTitle = null, string? originalText = null)
    {
        if (_articles.Add(new PendingArticle(sourceRow, title, text, labelOrdinal, suggestedOrdinal, originalTitle, originalText), ArticleBatches.Rows))
            WriteBatch(null);
    }

    public void Complete(int articleCount, int labelledCount) => WriteBatch(transaction =>
    {
        using var command = new NpgsqlCommand(
            "UPDATE \"Datasets\" SET \"ArticleCount\" = @articles, \"LabelledCount\" = @labelled, \"State\" = @ready WHERE \"Id\" = @id",
            connection, transaction);
        command.Parameters.AddWithValue("articles", articleCount);
        command.Parameters.AddWithValue("labelled", labelledCount);
        command.Parameters.AddWithValue("ready", (int)DatasetState.Ready);
        command.Parameters.AddWithValue("id", DatasetId);
        command.ExecuteNonQuery();
    });

    private void WriteBatch(Action<NpgsqlTransaction>? finish)
    {
        var held = Stopwatch.StartNew();
        var newLabelIds = new List<int>();
        using (var transaction = connection.BeginTransaction())
        {
            foreach (var (ordinal, name) in _labels.Skip(_labelIds.Count))
            {
                using var command = new NpgsqlCommand(
                    "INSERT INTO \"LabelClasses\" (\"DatasetId\", \"Ordinal\", \"Name\") VALUES (@dataset, @ordinal, @name) RETURNING \"Id\"",
                    connection, transaction);
                command.Parameters.AddWithValue("dataset", DatasetId);
                command.Parameters.AddWithValue("ordinal", ordinal);
                command.Parameters.AddWithValue("name", name);
                newLabelIds.Add(Convert.ToInt32(command.ExecuteScalar()));
            }
            if (_articles.Count > 0) CopyArticles(newLabelIds);
            finish?.Invoke(transaction);
            transaction.Commit();
        }
        _labelIds.AddRange(newLabelIds);
        _articles.Clear();
        BatchesWritten++;
        if (held.Elapsed > LongestBatch) LongestBatch = held.Elapsed;
    }

    private void CopyArticles(List<int> newLabelIds)
    {
        using var importer = connection.BeginBinaryImport(Copy);
        foreach (var article in _articles.Articles)
        {
            importer.StartRow();
            importer.Write(DatasetId, NpgsqlDbType.Integer);
            importer.Write(article.SourceRow, NpgsqlDbType.Integer);
            importer.Write(article.Title, NpgsqlDbType.Varchar);
            importer.Write(article.Text, NpgsqlDbType.Varchar);
            WriteLabel(importer, article.LabelOrdinal, newLabelIds);
            WriteLabel(importer, article.SuggestedOrdinal, newLabelIds);
            WriteText(importer, article.OriginalTitle);
            WriteText(importer, article.OriginalText);
        }
        importer.Complete();
    }

    private void WriteLabel(NpgsqlBinaryImporter importer, int? ordinal, List<int> newLabelIds)
    {
        if (ordinal is { } o) importer.Write(o < _labelIds.Count ? _labelIds[o] : newLabelIds[o - _labelIds.Count], NpgsqlDbType.Integer);
        else importer.WriteNull();
    }

    private static void WriteText(NpgsqlBinaryImporter importer, string? value)
    {
        if (value is null) importer.WriteNull();
        else importer.Write(value, NpgsqlDbType.Varchar);
    }

    public void Dispose()
    {
        // Nothing is held between batches: each one committed (or rolled back when it threw).
    }
}
