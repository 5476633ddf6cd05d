namespace NewsClassifier.Domain.Labeling;

/// <summary>
/// One annotator's answer for one article (at most one per article and user). A null <see cref="LabelId"/>
/// is a skip, kept in the same table so undo and history walk one timeline. Annotations never change the
/// gold label (<c>Article.LabelId</c>) by themselves: only the overlap rule or a reviewer does.
/// </summary>
public sealed class Annotation
{
    public const int MaxUserNameLength = 100;

    public long Id { get; set; }
    public int DatasetId { get; set; }
    public long ArticleId { get; set; }
    public string UserName { get; set; } = "";
    /// <summary>Null when the user skipped the article.</summary>
    public int? LabelId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    /// <summary>True when this annotation completed the overlap with agreement and so set the article's gold
    /// label; undoing it reverts that gold label.</summary>
    public bool SetGold { get; set; }

    public bool IsSkip => LabelId is null;
}
