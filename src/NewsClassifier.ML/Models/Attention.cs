using static TorchSharp.torch;

namespace NewsClassifier.ML.Models;

/// <summary>
/// Scaled dot-product attention over per-head projections, shared by the custom transformer and BERT. When no
/// attention map is asked for and no attention dropout is active, libtorch's fused
/// <c>scaled_dot_product_attention</c> kernel runs (same maths, no (T, T) probabilities kept for backward); otherwise the
/// explicit softmax, whose probabilities can be returned and dropped out with the model's seeded generator.
/// </summary>
public static class Attention
{
    /// <param name="q">(B, heads, T, d), not yet scaled</param>
    /// <param name="k">(B, heads, T, d)</param>
    /// <param name="v">(B, heads, T, d)</param>
    /// <param name="additiveMask">broadcastable to (B, heads, T, T): added to the scores (large negative on padding); null attends everywhere</param>
    /// <param name="dropout">dropout on the probabilities, or null</param>
    /// <returns>Context (B, T, heads*d) and, when asked, the probabilities (B, heads, T, T).</returns>
    public static (Tensor Context, Tensor? Weights) Compute(Tensor q, Tensor k, Tensor v, Tensor? additiveMask, SeededDropout? dropout, bool returnWeights)
    {
        using var scope = NewDisposeScope();
        long b = q.shape[0], heads = q.shape[1], t = q.shape[2], d = q.shape[3];
        Tensor context;
        Tensor? weights = null;
        if (!returnWeights && (dropout is null || !dropout.IsActive))
        {
            context = nn.functional.scaled_dot_product_attention(q, k, v, additiveMask);
        }
        else
        {
            var scores = matmul(q, k.transpose(-2, -1)) / Math.Sqrt(d);
            if (additiveMask is not null) scores = scores + additiveMask;
            weights = scores.softmax(-1);
            context = matmul(dropout is null ? weights : dropout.forward(weights), v);
        }
        var merged = context.transpose(1, 2).reshape(b, t, heads * d);
        return (merged.MoveToOuterDisposeScope(), returnWeights ? weights!.MoveToOuterDisposeScope() : null);
    }
}
