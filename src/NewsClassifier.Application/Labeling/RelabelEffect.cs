namespace NewsClassifier.Application.Labeling;

/// <summary>What a relabel answer did: kept the gold label, changed it (a reviewer's decision), sent the article to
/// review (a proposal, or annotators now disagree), or was a skip.</summary>
public enum RelabelEffect { Confirmed, Changed, SentToReview, Skipped }
