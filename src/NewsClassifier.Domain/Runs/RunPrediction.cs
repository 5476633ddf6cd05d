namespace NewsClassifier.Domain.Runs;

/// <summary>A run's final prediction for one validation article (for error analysis and run comparison). Written once when
/// the run finishes and never changed, hence a record.</summary>
/// <param name="Actual">Ordinal of the article's label.</param>
/// <param name="Predicted">Ordinal of the predicted class.</param>
/// <param name="Confidence">Probability of the predicted class.</param>
public sealed record RunPrediction(int RunId, long ArticleId, int Actual, int Predicted, float Confidence);
