using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.CustomTransformer;

/// <summary>
/// Word vectors from the training articles alone (latent semantic analysis): the top singular directions of their
/// tf-idf matrix, found by a seeded randomized SVD (Halko, Martinsson and Tropp 2011). Words that share articles get
/// similar vectors, so a word seen twice in training starts next to the frequent words of its topic instead of at a
/// random point; on the AG News sample this start lifts <c>custom</c> above the tf-idf baseline (RECIPES.md).
/// The article-by-word matrix is never built: it is kept as sparse rows, and only (articles x k) and (vocabulary x k)
/// blocks, k = components + 10, are dense.
/// </summary>
public static class LsaEmbedding
{
    /// <summary>Components beyond this keep their random start: enough for a topic space, and it bounds the dense blocks.</summary>
    public const int MaxComponents = 128;

    /// <summary>Extra random directions of the range finder; they make the top components accurate (Halko et al. section 4.2).</summary>
    private const int Oversampling = 10;

    /// <summary>Power iterations: tf-idf spectra decay slowly, and 3 passes give the top directions to well within the noise of training.</summary>
    private const int PowerIterations = 3;

    /// <summary>
    /// Standard deviation of the vectors handed to the model, about 3.5x Keras' uniform(-0.05, 0.05) start: measured on 400
    /// to 6,000 articles (RECIPES.md), 0.3 did as well on 4,800 training articles but worse on fewer, 0.03 lost the gain.
    /// </summary>
    public const double TargetStd = 0.1;

    /// <summary>
    /// Float elements the computation holds at its peak besides the model, for the training estimate: the result
    /// (vocabulary x dimensions) and about six (vocabulary x k) blocks (the random start, the products and their managed
    /// copies, the QR factor). The (articles x k) blocks are smaller for any vocabulary the articles fill.
    /// </summary>
    public static double WorkingElements(int vocabularySize, int dimensions) =>
        (double)vocabularySize * dimensions + 6.0 * vocabularySize * (Math.Min(dimensions, MaxComponents) + Oversampling);

    /// <param name="ids">Token ids per article (0 = padding and 1 = out-of-vocabulary are skipped).</param>
    /// <param name="articles">The training articles (indices into <paramref name="ids"/>): validation never leaks in.</param>
    /// <param name="vocabularySize">Rows of the result.</param>
    /// <param name="dimensions">Columns of the result (the embedding width).</param>
    /// <returns>
    /// (vocabularySize, dimensions) float32 on the CPU and the number of leading columns that hold components (the rest,
    /// beyond <see cref="MaxComponents"/> or the corpus's rank, are zero for the caller to leave at their random start).
    /// Rows 0 and 1 are zero. Same inputs and seed, same vectors.
    /// </returns>
    public static (Tensor Vectors, int Components) Compute(IReadOnlyList<long[]> ids, IReadOnlyList<int> articles,
        int vocabularySize, int dimensions, long seed, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var rows = TfidfRows(ids, articles, vocabularySize);
        int words = vocabularySize - 2;
        int components = Math.Min(Math.Min(dimensions, MaxComponents), Math.Min(rows.Count, words));
        var result = zeros(vocabularySize, dimensions);
        if (components < 1) return (result, 0);

        using var scope = NewDisposeScope();
        int k = Math.Min(components + Oversampling, Math.Min(rows.Count, words));
        var generator = new Generator((ulong)seed);
        var q = Orthonormal(Times(rows, randn(vocabularySize, k, generator: generator)));
        for (int i = 0; i < PowerIterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            q = Orthonormal(Times(rows, Orthonormal(TransposeTimes(rows, q, vocabularySize))));
        }
        // X ~ Q B with B = Q^T X small (k x vocabulary): its SVD gives X's top right singular vectors.
        var b = TransposeTimes(rows, q, vocabularySize).t();
        var (_, s, vh) = linalg.svd(b, fullMatrices: false);
        // A word's vector is its row of V times sqrt(S) (the symmetric split of X = U S V^T, measured better than V S), then scaled to TargetStd.
        var vectors = vh[..components].t() * s[..components].sqrt();
        // Rows 0 and 1 (no article holds them) come out of LAPACK as rounding noise, not zeros: leave them out.
        vectors = vectors[2..];
        var std = vectors.std().item<float>();
        if (std > 0) vectors = vectors * (TargetStd / std);
        result[2.., ..components].copy_(vectors);
        return (result, components);
    }

    /// <summary>Per article, its distinct words with sublinear tf x smooth idf weights, L2-normalised (empty articles dropped).</summary>
    private static List<(int[] Words, float[] Weights)> TfidfRows(IReadOnlyList<long[]> ids, IReadOnlyList<int> articles, int vocabularySize)
    {
        var counts = new List<Dictionary<int, int>>(articles.Count);
        var documentFrequency = new int[vocabularySize];
        foreach (var article in articles)
        {
            var count = new Dictionary<int, int>();
            foreach (var id in ids[article])
            {
                if (id <= TextVectorizer.OovId || id >= vocabularySize) continue;
                count[(int)id] = count.GetValueOrDefault((int)id) + 1;
            }
            if (count.Count == 0) continue;
            foreach (var word in count.Keys) documentFrequency[word]++;
            counts.Add(count);
        }

        var rows = new List<(int[] Words, float[] Weights)>(counts.Count);
        foreach (var count in counts)
        {
            var words = count.Keys.Order().ToArray();
            var weights = words.Select(w => (1 + Math.Log(count[w])) * (Math.Log((1.0 + counts.Count) / (1.0 + documentFrequency[w])) + 1)).ToArray();
            double norm = Math.Sqrt(weights.Sum(v => v * v));
            rows.Add((words, weights.Select(v => (float)(v / norm)).ToArray()));
        }
        return rows;
    }

    /// <summary>X M for sparse X (articles x vocabulary) and dense M (vocabulary x k): (articles x k).</summary>
    private static Tensor Times(List<(int[] Words, float[] Weights)> rows, Tensor m)
    {
        int k = (int)m.shape[1];
        var dense = m.contiguous().data<float>().ToArray();
        var output = new float[checked(rows.Count * k)];
        for (int r = 0; r < rows.Count; r++)
        {
            var (words, weights) = rows[r];
            var target = output.AsSpan(r * k, k);
            for (int j = 0; j < words.Length; j++) AddScaled(target, dense.AsSpan(words[j] * k, k), weights[j]);
        }
        return tensor(output, [rows.Count, k]);
    }

    /// <summary>X^T M for sparse X (articles x vocabulary) and dense M (articles x k): (vocabulary x k).</summary>
    private static Tensor TransposeTimes(List<(int[] Words, float[] Weights)> rows, Tensor m, int vocabularySize)
    {
        int k = (int)m.shape[1];
        var dense = m.contiguous().data<float>().ToArray();
        var output = new float[(long)vocabularySize * k];
        for (int r = 0; r < rows.Count; r++)
        {
            var (words, weights) = rows[r];
            var source = dense.AsSpan(r * k, k);
            for (int j = 0; j < words.Length; j++) AddScaled(output.AsSpan(words[j] * k, k), source, weights[j]);
        }
        return tensor(output, [vocabularySize, k]);
    }

    private static void AddScaled(Span<float> target, ReadOnlySpan<float> source, float weight)
    {
        for (int c = 0; c < target.Length; c++) target[c] += weight * source[c];
    }

    private static Tensor Orthonormal(Tensor m) => linalg.qr(m).Q;
}
