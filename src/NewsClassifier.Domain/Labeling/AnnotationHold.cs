namespace NewsClassifier.Domain.Labeling;

/// <summary>An article the annotation queue gave a user (one row per article and user), stored so every web node sees
/// it: another node does not give the same free slot away, and the holder may answer on whichever node serves them.</summary>
public sealed class AnnotationHold
{
    public long ArticleId { get; set; }
    public string UserName { get; set; } = "";
    /// <summary>UTC; renewed each time the queue gives the article again.</summary>
    public DateTime GivenAt { get; set; }
}
