using NewsClassifier.ML.Inference;

namespace NewsClassifier.ML.Training.CustomTransformer;

/// <summary>
/// The custom transformer's size from its <see cref="CustomTransformerConfig"/> alone: the parameter count the built model
/// has (tested against it), and the activations of a batch of <c>B</c> articles of <c>T</c> tokens. Per block, training
/// keeps (B, T, ·) tensors of about 8 x embed_dim (input, attention output, dropouts, residuals, two LayerNorms),
/// 5 x heads x key_dim (q, k, v, the context and its reshaped copy) and 2 x ff_dim, plus three (B, heads, T, T) score
/// tensors (scores, masked scores, softmax weights). Inference keeps one block's tensors alive at a time.
/// </summary>
public static class CustomTransformerSizing
{
    /// <summary>Exact for any real model; counted in doubles (exact below 2^53) so absurd shapes saturate instead of wrapping.</summary>
    public static long ParameterCount(CustomTransformerConfig c) => ModelSizing.Saturate(Parameters(c));

    private static double Parameters(CustomTransformerConfig c)
    {
        double e = c.EmbedDim, inner = (double)c.NumHeads * c.KeyDim, f = c.FfDim, dense = c.DenseUnits;
        double embedding = ((double)c.VocabSize + c.MaxLength) * e;
        double attention = 3 * (e * inner + inner) + (inner * e + e);     // query, key, value, attention_output
        double block = attention + 2 * (2 * e) + (e * f + f) + (f * e + e); // + two LayerNorms, ffn_1, ffn_2
        double head = (e * dense + dense) + (dense * c.NumClasses + c.NumClasses);
        return embedding + c.NumBlocks * block + head;
    }

    /// <param name="batchSize">Articles per training step.</param>
    /// <param name="lsaStart">The word embeddings start from <see cref="LsaEmbedding"/>: its working blocks count when they outgrow a batch's activations.</param>
    public static ResourceEstimate Estimate(CustomTransformerConfig c, int batchSize, bool lsaStart = false)
    {
        double parameters = Parameters(c);
        double train = Kept(c, batchSize, c.MaxLength);
        if (lsaStart) train = Math.Max(train, LsaEmbedding.WorkingElements(c.VocabSize, c.EmbedDim));
        int inferenceBatch = CustomTransformerPredictor.BatchSize;
        double inference = Inference(c);

        long count = ModelSizing.Saturate(parameters);
        return new ResourceEstimate(count, count,
            ModelSizing.TrainingBytes(parameters, parameters, train), $"batch {batchSize} x {c.MaxLength} tokens",
            ModelSizing.InferenceBytes(parameters, inference), $"batch {inferenceBatch} x {c.MaxLength} tokens");
    }

    /// <summary>
    /// Paths an attribution pass (<see cref="Explain.IntegratedGradients"/>) may batch for an article of
    /// <paramref name="length"/> tokens: each keeps every block's activations for the backward, as training does, and
    /// together they stay within the activations the inference estimate already counts (so no load that fits can fail here).
    /// </summary>
    public static int AttributionStepsPerPass(CustomTransformerConfig c, int length) => ModelSizing.StepsWithin(Inference(c), Kept(c, 1, length));

    /// <summary>Activation elements a batch keeps for its backward pass.</summary>
    private static double Kept(CustomTransformerConfig c, int batch, int length)
    {
        double e = c.EmbedDim, inner = (double)c.NumHeads * c.KeyDim, f = c.FfDim, tokens = (double)batch * length;
        double scores = tokens * c.NumHeads * length;                                  // (B, heads, T, T)
        return tokens * 2 * e                                                          // embedding sum
               + c.NumBlocks * (tokens * (8 * e + 5 * inner + 2 * f) + 3 * scores);
    }

    /// <summary>Activation elements alive at once when classifying a full batch (one block at a time, no gradients).</summary>
    private static double Inference(CustomTransformerConfig c)
    {
        double e = c.EmbedDim, inner = (double)c.NumHeads * c.KeyDim, f = c.FfDim;
        double tokens = (double)CustomTransformerPredictor.BatchSize * c.MaxLength;
        return tokens * (3 * e + 4 * inner + f) + 2 * tokens * c.NumHeads * c.MaxLength;
    }
}
