using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>An open review item with what is known about the article.</summary>
public sealed record ReviewEntry(ReviewItem Item, string Title, string Text, string? GoldLabel, string? ProposedLabel,
    IReadOnlyList<AnnotatorLabel> Annotations, string? ModelLabel, double? ModelConfidence);
