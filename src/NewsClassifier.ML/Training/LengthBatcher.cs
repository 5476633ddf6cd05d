namespace NewsClassifier.ML.Training;

/// <summary>
/// Forms the batches of one epoch. Without bucketing: a shuffled list cut into batches (Keras <c>fit</c>).
/// With bucketing: shuffle, then sort pools of <see cref="PoolBatches"/> batches by length and cut those,
/// so each batch holds articles of similar length and needs little padding; batch order is shuffled again
/// so the model does not see lengths in order.
/// </summary>
public static class LengthBatcher
{
    public const int PoolBatches = 50;

    public static List<int[]> Batches(IReadOnlyList<int> indices, IReadOnlyList<int> lengths, int batchSize, bool bucket, Random random)
    {
        var order = indices.ToArray();
        random.Shuffle(order);
        var batches = new List<int[]>();
        if (!bucket)
        {
            batches.AddRange(order.Chunk(batchSize));
            return batches;
        }
        foreach (var pool in order.Chunk(batchSize * PoolBatches))
        {
            batches.AddRange(pool.OrderBy(i => lengths[i]).Chunk(batchSize));
        }
        var shuffled = batches.ToArray();
        random.Shuffle(shuffled);
        return [.. shuffled];
    }

    /// <summary>
    /// <paramref name="articles"/> cut into forward passes of at most <paramref name="maxTokens"/> padded tokens: sorted
    /// by length, each pass as many articles as fit at its longest one's padded length (<paramref name="paddedLength"/>).
    /// An article longer than the budget on its own is a pass of one. Memory then follows the budget, not the article
    /// count: short articles share a pass, long ones get one each.
    /// </summary>
    public static List<int[]> ByTokens(IEnumerable<int> articles, IReadOnlyList<int> lengths, int maxTokens, Func<int, int> paddedLength)
    {
        var passes = new List<int[]>();
        var current = new List<int>();
        foreach (var article in articles.OrderBy(i => lengths[i]).ThenBy(i => i))
        {
            // Sorted ascending: the newcomer is the longest, so it sets the pass's padded length.
            if (current.Count > 0 && (current.Count + 1L) * paddedLength(lengths[article]) > maxTokens)
            {
                passes.Add([.. current]);
                current.Clear();
            }
            current.Add(article);
        }
        if (current.Count > 0) passes.Add([.. current]);
        return passes;
    }

    /// <summary>Evaluation order: sorted by length when bucketing (least padding), otherwise as given.</summary>
    public static List<int[]> EvaluationBatches(IReadOnlyList<int> indices, IReadOnlyList<int> lengths, int batchSize, bool bucket) =>
        (bucket ? indices.OrderBy(i => lengths[i]) : indices.AsEnumerable()).Chunk(batchSize).ToList();
}
