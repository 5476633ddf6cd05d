using NewsClassifier.ML.Explain;

namespace NewsClassifier.ML.Inference;

/// <summary>
/// A loaded model folder of any recipe that classifies articles; what the job, the model cache and the CLI
/// use so they need not know which recipe trained it (<see cref="Training.RecipeCatalog.Load"/> picks the class).
/// Implementations are thread-safe.
/// </summary>
public interface IArticleClassifier : IDisposable
{
    /// <summary>The recipe that trained the model.</summary>
    string Recipe { get; }

    IReadOnlyList<string> LabelNames { get; }

    Prediction Predict(string text) => PredictBatch([text])[0];

    /// <summary>Probabilities for many articles, in input order. An unreadable article throws <see cref="ArgumentException"/>.</summary>
    IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts);

    /// <summary>The prediction with the attention behind it; <c>Attention</c> is null for a model without attention.</summary>
    (Prediction Prediction, AttentionMap? Attention) Explain(string text) => (Predict(text), null);

    /// <summary>
    /// Per-token scores of what pushed the model to its answer (<see cref="Explain.TokenAttributions"/>); null for a model
    /// that has none. Costs several forward and backward passes of the one article.
    /// </summary>
    TokenAttributions? Attribute(string text) => null;
}
