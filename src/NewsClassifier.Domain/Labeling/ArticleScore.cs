namespace NewsClassifier.Domain.Labeling;

/// <summary>
/// One model version's view of an article, for active learning (how unsure it is) and for spotting likely
/// label errors. Recomputed when <c>production</c> changes; the queue only uses the scores of the version
/// that is production now.
/// </summary>
public sealed class ArticleScore
{
    public long ArticleId { get; set; }
    public int DatasetId { get; set; }
    public int ModelVersionId { get; set; }
    /// <summary>Ordinal in the dataset's label set of the most probable class.</summary>
    public int PredictedOrdinal { get; set; }
    /// <summary>The top probability.</summary>
    public double Confidence { get; set; }
    /// <summary>1 - top probability: larger is less sure.</summary>
    public double LeastConfidence { get; set; }
    /// <summary>Top probability minus the second: smaller is less sure.</summary>
    public double Margin { get; set; }
    /// <summary>-sum p ln p (nats): larger is less sure.</summary>
    public double Entropy { get; set; }
    /// <summary>UTC.</summary>
    public DateTime ComputedAt { get; set; }

    /// <summary>The three uncertainty measures of one probability vector.</summary>
    public static (int Predicted, double Confidence, double LeastConfidence, double Margin, double Entropy) Measure(IReadOnlyList<float> probabilities)
    {
        if (probabilities.Count == 0) throw new ArgumentException("A prediction has at least one probability.", nameof(probabilities));
        int best = 0;
        for (int i = 1; i < probabilities.Count; i++) if (probabilities[i] > probabilities[best]) best = i;
        double top = probabilities[best], second = 0;
        for (int i = 0; i < probabilities.Count; i++) if (i != best && probabilities[i] > second) second = probabilities[i];
        double entropy = 0;
        foreach (var p in probabilities) if (p > 0) entropy -= p * Math.Log(p);
        return (best, top, 1 - top, top - second, entropy);
    }
}
