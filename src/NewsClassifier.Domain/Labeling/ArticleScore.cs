namespace NewsClassifier.Domain.Labeling;

/// <summary>
/// One model version's view of an article, for active learning (how unsure it is) and for spotting likely
/// label errors. Recomputed (deleted and written again, never edited) when <c>production</c> changes; the queue only
/// uses the scores of the version that is production now.
/// </summary>
/// <param name="DatasetId">The article's dataset (scores are deleted per dataset when production changes).</param>
/// <param name="PredictedOrdinal">Ordinal in the dataset's label set of the most probable class.</param>
/// <param name="Confidence">The top probability.</param>
/// <param name="LeastConfidence">1 - top probability: larger is less sure.</param>
/// <param name="Margin">Top probability minus the second: smaller is less sure.</param>
/// <param name="Entropy">-sum p ln p (nats): larger is less sure.</param>
/// <param name="ComputedAt">UTC.</param>
public sealed record ArticleScore(long ArticleId, int DatasetId, int ModelVersionId, int PredictedOrdinal, double Confidence,
    double LeastConfidence, double Margin, double Entropy, DateTime ComputedAt)
{
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
