namespace NewsClassifier.Data.Bulk;

/// <summary>
/// Writes one new dataset in short batches, so other writers wait at most one batch instead of the whole import. The
/// dataset row is created <see cref="DatasetState.Importing"/>, which hides it and its articles from every reader;
/// articles are buffered and written in batches together with their labels (and search-index entries where the index
/// is a table of its own); <see cref="Complete"/> writes the counts and makes the dataset Ready in the last transaction.
/// Whoever stops before Complete deletes the partial dataset. Articles get increasing Ids in file order, which the
/// browse queries rely on.
/// </summary>
public interface IArticleWriter : IDisposable
{
    int DatasetId { get; }

    /// <summary>How many batches have been committed (the dataset row's own transaction not counted).</summary>
    int BatchesWritten { get; }

    /// <summary>The longest a batch transaction took (commit included), for the log.</summary>
    TimeSpan LongestBatch { get; }

    /// <summary>Inserts the dataset row (Importing) in its own transaction and returns its Id; throws the provider's unique
    /// violation (<see cref="Sql.DatabaseDialect.IsUniqueViolation"/>) when the name is taken.</summary>
    int CreateDataset(string name, string? description, string source, string format, DateTime createdAtUtc, int? importId);

    /// <summary>Adds a label class (written with the next batch, before its articles); ordinals come in order 0, 1, 2...</summary>
    void AddLabel(int ordinal, string name);

    /// <summary>Buffers an article; writes the batch when it is full. The originals are the file's text, given only when
    /// clean-up changed it.</summary>
    void AddArticle(int sourceRow, string title, string text, int? labelOrdinal, int? suggestedOrdinal = null,
        string? originalTitle = null, string? originalText = null);

    /// <summary>Writes what is buffered, then the counts, and makes the dataset Ready: one last short transaction.</summary>
    void Complete(int articleCount, int labelledCount);
}
