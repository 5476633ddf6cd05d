namespace NewsClassifier.Application.Classification;

/// <summary>The outcome of a batch: the model that answered every article, and one item per article in input order.</summary>
public sealed record BatchClassification(ModelChoice Choice, IReadOnlyList<BatchItem> Items);
