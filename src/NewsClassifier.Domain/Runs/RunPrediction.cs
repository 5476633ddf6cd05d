namespace NewsClassifier.Domain.Runs;

/// <summary>A run's final prediction for one validation article (for error analysis and run comparison).</summary>
public sealed class RunPrediction
{
    public int RunId { get; set; }
    public long ArticleId { get; set; }
    public int Actual { get; set; }
    public int Predicted { get; set; }
    /// <summary>Probability of the predicted class.</summary>
    public float Confidence { get; set; }
}
