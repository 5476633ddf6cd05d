namespace NewsClassifier.Application.Labeling;

/// <summary>What an annotation did to the article: nothing yet, made the gold label, or sent it to review.</summary>
public enum AnnotationEffect { Recorded, BecameGold, SentToReview }
