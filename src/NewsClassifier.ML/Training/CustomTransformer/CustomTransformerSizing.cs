using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Models;

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
    public static ResourceEstimate Estimate(CustomTransformerConfig c, int batchSize)
    {
        double parameters = Parameters(c);
        double e = c.EmbedDim, inner = (double)c.NumHeads * c.KeyDim, f = c.FfDim, t = c.MaxLength, heads = c.NumHeads;

        double TokensOf(int batch) => (double)batch * t;
        double ScoresOf(int batch) => batch * heads * t * t; // (B, heads, T, T)

        double train = TokensOf(batchSize) * 2 * e                                             // embedding sum
                       + c.NumBlocks * (TokensOf(batchSize) * (8 * e + 5 * inner + 2 * f) + 3 * ScoresOf(batchSize));
        int inferenceBatch = CustomTransformerPredictor.BatchSize;
        double inference = TokensOf(inferenceBatch) * (3 * e + 4 * inner + f) + 2 * ScoresOf(inferenceBatch);

        long count = ModelSizing.Saturate(parameters);
        return new ResourceEstimate(count, count,
            ModelSizing.TrainingBytes(parameters, parameters, train), $"batch {batchSize} x {c.MaxLength} tokens",
            ModelSizing.InferenceBytes(parameters, inference), $"batch {inferenceBatch} x {c.MaxLength} tokens");
    }
}
