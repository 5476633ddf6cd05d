namespace NewsClassifier.Domain.Labeling;

/// <summary>An article waiting for a reviewer to set (or confirm) its gold label.</summary>
public sealed class ReviewItem
{
    public const int MaxNoteLength = 2_000;

    public long Id { get; set; }
    public int DatasetId { get; set; }
    public long ArticleId { get; set; }
    public ReviewReason Reason { get; set; }
    /// <summary>The label someone proposes (the reporter's correction, the model's prediction); null for disagreements.</summary>
    public int? ProposedLabelId { get; set; }
    /// <summary>The model's probability for the proposed label, for likely label errors.</summary>
    public double? Confidence { get; set; }
    public string? Note { get; set; }
    public ReviewStatus Status { get; set; }
    public string CreatedBy { get; set; } = "";
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    public string? ResolvedBy { get; set; }
    /// <summary>UTC.</summary>
    public DateTime? ResolvedAt { get; set; }
    /// <summary>The gold label the reviewer chose (null when dismissed or open).</summary>
    public int? GoldLabelId { get; set; }
    public const int MaxEvidenceLength = 200;
    /// <summary>
    /// Which predictions raised a likely-label-error item, said on the review card (for example out-of-fold predictions
    /// of a k-fold baseline, or a run's validation predictions), so a reviewer knows whether the model saw the article.
    /// </summary>
    public string? Evidence { get; set; }
}
