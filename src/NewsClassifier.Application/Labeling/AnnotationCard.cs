namespace NewsClassifier.Application.Labeling;

/// <summary>An article to annotate, with this user's current answer when it comes from their history.</summary>
public sealed record AnnotationCard(long ArticleId, string Title, string Text, string Source, int? MyLabelId, bool MySkip, int? GoldLabelId);
