using static TorchSharp.torch;

namespace NewsClassifier.ML.Explain;

/// <summary>
/// Integrated gradients (Sundararajan, Taly &amp; Yan 2017) over a token-embedding input: the gradient of the target class's
/// log-probability is averaged along the straight path from a baseline x' to the input x (midpoint rule, <c>steps</c>
/// points) and multiplied by (x - x'), then summed over the embedding dimension, giving one score per token. Completeness:
/// the scores add up to f(x) - f(x') as the steps grow. Cost: <c>steps</c> forward and backward passes of one article,
/// batched <c>stepsPerPass</c> at a time (the caller sizes that from the model, since a pass keeps every layer's
/// activations for the backward). Only the gradient with respect to the path input is taken (autograd.grad, so no
/// parameter gradient is accumulated); everything else runs under no_grad, and every tensor is disposed.
/// </summary>
public static class IntegratedGradients
{
    /// <summary>The default number of steps: enough for small classifiers to come within a few percent of completeness.</summary>
    public const int DefaultSteps = 16;

    /// <summary>Upper bound on steps: the cost is linear in them.</summary>
    public const int MaxSteps = 256;

    /// <param name="logits">(B, T, E) embeddings to (B, classes) logits; must not depend on anything else that varies.</param>
    /// <param name="input">(T, E) the article's embeddings.</param>
    /// <param name="baseline">(T, E) the same shape; rows equal to the input's get a score of 0.</param>
    /// <param name="target">The class explained, or -1 for the class the input predicts.</param>
    /// <returns>Per-token scores (T), the class explained, and f(x) - f(x').</returns>
    public static (float[] Scores, int Target, float Delta) Compute(Func<Tensor, Tensor> logits, Tensor input, Tensor baseline, int target = -1,
        int steps = DefaultSteps, int stepsPerPass = DefaultSteps)
    {
        if (input.dim() != 2 || !input.shape.SequenceEqual(baseline.shape))
            throw new ArgumentException("The input and the baseline must both be (tokens, embedding).", nameof(baseline));
        if (steps is < 1 or > MaxSteps) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps must be in 1..{MaxSteps}.");
        stepsPerPass = Math.Clamp(stepsPerPass, 1, steps);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = input.detach();
        var x0 = baseline.detach().to(x.device);
        var difference = x - x0;                                                       // (T, E)

        var ends = logits(stack([x, x0])).log_softmax(-1).cpu().data<float>().ToArray(); // (2, classes)
        int classes = ends.Length / 2;
        if (target < 0) target = Inference.Prediction.ArgMax(ends[..classes]);
        if (target >= classes) throw new ArgumentOutOfRangeException(nameof(target), target, $"The model has {classes} classes.");
        float delta = ends[target] - ends[classes + target];

        // Accumulated per token on the managed side: each pass's tensors are freed with its scope.
        var scores = new float[x.shape[0]];
        for (int first = 0; first < steps; first += stepsPerPass)
        {
            using var pass = NewDisposeScope();
            int count = Math.Min(stepsPerPass, steps - first);
            var alphas = (arange(first, first + count, dtype: x.dtype, device: x.device) + 0.5) / steps; // (b)
            Tensor gradient;
            using (enable_grad())
            {
                var path = (x0.unsqueeze(0) + alphas.view(-1, 1, 1) * difference.unsqueeze(0)).detach().requires_grad_(true); // (b, T, E)
                var output = logits(path).log_softmax(-1)[.., target].sum();
                gradient = autograd.grad([output], [path])[0].detach();                  // (b, T, E)
            }
            // sum([0]), not sum(0): a literal 0 converts to ScalarType and would sum everything.
            var contribution = (gradient.sum([0]) * difference).sum(-1).cpu().data<float>().ToArray(); // (T)
            for (int t = 0; t < scores.Length; t++) scores[t] += contribution[t] / steps;
        }
        return (scores, target, delta);
    }
}
