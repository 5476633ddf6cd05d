namespace NewsClassifier.Application.Labeling;

/// <summary>An article to annotate, with this user's current answer when it comes from their history, and the label the
/// imported file gave when the import kept file labels as suggestions (a proposal, never a label until someone accepts it).</summary>
public sealed record AnnotationCard(long ArticleId, string Title, string Text, string Source, int? MyLabelId, bool MySkip, int? GoldLabelId, int? SuggestedLabelId = null);
