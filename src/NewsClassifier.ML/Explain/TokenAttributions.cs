namespace NewsClassifier.ML.Explain;

/// <summary>
/// How much each token pushed the model towards one class: <c>Scores[t]</c> is token t's share of the change in that class's
/// log-probability between a baseline input (the words removed) and the article, positive when it raised the class.
/// The scores sum to <see cref="Delta"/> up to the integration error (<see cref="IntegratedGradients"/>); special tokens
/// that the baseline keeps ([CLS], [SEP]) score 0. An approximation of what drove the answer, not a proof.
/// </summary>
/// <param name="Tokens">The tokens as the model read them (the same list as the attention view's).</param>
/// <param name="Scores">One score per token, in <paramref name="Tokens"/> order.</param>
/// <param name="TargetIndex">The class explained: the predicted one.</param>
/// <param name="Steps">Points on the path from the baseline to the article at which gradients were taken.</param>
/// <param name="Delta">log p(class | article) - log p(class | baseline): what the scores should add up to.</param>
public sealed record TokenAttributions(IReadOnlyList<string> Tokens, float[] Scores, int TargetIndex, int Steps, float Delta)
{
    public const string Method = "Integrated gradients";

    /// <summary>Token indices by score, highest first (ties by position).</summary>
    public int[] Ranked() => Enumerable.Range(0, Scores.Length).OrderByDescending(t => Scores[t]).ThenBy(t => t).ToArray();

    /// <summary>|sum of scores - Delta|: how far the integration is from complete (small means the steps sufficed).</summary>
    public float CompletenessGap => Math.Abs(Scores.Sum() - Delta);
}
