using NewsClassifier.Application.Registry;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Inference;

namespace NewsClassifier.Application.Classification;

/// <summary>The outcome of classifying one article, with the run that did it and the registered model it was reached
/// through (null when a run answered by itself).</summary>
public sealed record ClassificationResult(TrainingRun Run, Prediction Prediction, AttentionMap? Attention, bool InputTruncated, ResolvedModel? Model = null);
