namespace NewsClassifier.Data.Bulk;

/// <summary>The articles a writer holds until its next batch, and when that batch is full (by rows, or by characters so
/// that long articles never make one batch huge).</summary>
internal sealed class ArticleBuffer
{
    public List<PendingArticle> Articles { get; } = new(ArticleBatches.Rows);

    public int Count => Articles.Count;

    /// <summary>Adds the article; true when the batch should be written now.</summary>
    public bool Add(PendingArticle article, int batchRows)
    {
        Articles.Add(article);
        _characters += article.Characters;
        return Articles.Count >= batchRows || _characters >= ArticleBatches.MaxChars;
    }

    public void Clear()
    {
        Articles.Clear();
        _characters = 0;
    }

    private int _characters;
}
