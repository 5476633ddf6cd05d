using NewsClassifier.ML.Inference;

namespace NewsClassifier.Application.Classification;

/// <summary>One article of a batch: its prediction, or why it was not classified (the other articles still are).</summary>
public sealed record BatchItem(Prediction? Prediction, string? Error);
