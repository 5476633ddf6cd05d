namespace NewsClassifier.Domain.Labeling;

/// <summary>One rater's category for one item (categories are label ids or ordinals: any int).</summary>
public readonly record struct Rating(long Item, string Rater, int Category);
