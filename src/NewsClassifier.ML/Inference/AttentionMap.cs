namespace NewsClassifier.ML.Inference;

/// <summary>
/// Attention over the article's own tokens (padding rows and columns removed), for a heat map.
/// <c>Heads[block][head][query][key]</c>; <c>Averaged[block][query][key]</c> is the mean over heads.
/// For a model trained without masking (<c>custom-lesson</c>), part of each row's weight went to padding, so rows sum to less than 1.
/// </summary>
public sealed record AttentionMap(IReadOnlyList<string> Tokens, float[][][][] Heads, float[][][] Averaged)
{
    public AttentionTokenKind Kind { get; init; } = AttentionTokenKind.Words;

    /// <summary>
    /// Attention rollout over all layers (Abnar &amp; Zuidema 2020), <c>Rollout[query][key]</c>, rows summing to 1; set for BERT,
    /// whose many layers make any single layer's map a poor account of what the output used.
    /// </summary>
    public float[][]? Rollout { get; init; }

    /// <summary>
    /// How much each token matters: with a rollout, the [CLS] row (what the pooled output, and so the classifier, draws on);
    /// otherwise the attention each token receives in the last block, averaged over heads and queries.
    /// </summary>
    public float[] TokenImportance()
    {
        if (Rollout is { Length: > 0 } rollout) return rollout[0].ToArray();
        var last = Averaged[^1];
        var importance = new float[Tokens.Count];
        foreach (var row in last)
            for (int k = 0; k < row.Length; k++) importance[k] += row[k] / last.Length;
        return importance;
    }
}
