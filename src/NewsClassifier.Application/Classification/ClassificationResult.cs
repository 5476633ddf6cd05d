using NewsClassifier.Application.Registry;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Explain;
using NewsClassifier.ML.Inference;

namespace NewsClassifier.Application.Classification;

/// <summary>The outcome of classifying one article, with the run that did it and the registered model it was reached
/// through (null when a run answered by itself).</summary>
public sealed record ClassificationResult(TrainingRun Run, Prediction Prediction, AttentionMap? Attention, bool InputTruncated, ResolvedModel? Model = null)
{
    /// <summary>Which tokens pushed the model to its answer (integrated gradients); set by <see cref="ClassificationService.ExplainAsync"/> for a Torch model.</summary>
    public TokenAttributions? Attributions { get; init; }
}
