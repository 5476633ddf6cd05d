namespace NewsClassifier.ML.Inference;

public sealed record Prediction(
    IReadOnlyList<string> LabelNames,
    float[] Probabilities,
    int PredictedIndex,
    int TokenCount,
    bool Truncated)
{
    public string PredictedLabel => LabelNames[PredictedIndex];
    public float Confidence => Probabilities[PredictedIndex];

    /// <summary>The index of the largest probability (the first one on ties).</summary>
    public static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
