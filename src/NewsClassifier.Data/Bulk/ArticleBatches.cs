namespace NewsClassifier.Data.Bulk;

/// <summary>Batch limits both writers share.</summary>
public static class ArticleBatches
{
    /// <summary>Rows per batch (the SQLite writer's first batch; it then sizes batches by time, see
    /// <see cref="SqliteArticleWriter.TargetBatchTime"/>).</summary>
    public const int Rows = 2_000;

    /// <summary>Characters of title and text per batch: articles of up to 100,000 characters must not make one batch
    /// hold a lock for seconds (or hold a gigabyte in memory).</summary>
    public const int MaxChars = 4_000_000;
}
