using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.CustomTransformer;

/// <summary>
/// Word dropout (Iyyer et al. 2015): during training each article token becomes the out-of-vocabulary id with
/// probability p, so the model cannot lean on the one rare word an article happens to contain; half of the distinct
/// words of 4,800 articles occur once. Padding stays padding. Drawn from the model's generator, so a repeated or resumed
/// run draws the same.
/// </summary>
public static class TokenDropout
{
    /// <param name="ids">(B, T) token ids, 0 = padding.</param>
    public static Tensor Apply(Tensor ids, double p, Generator generator)
    {
        if (p is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "Token dropout must be in [0, 1).");
        if (p == 0) return ids.alias();
        using var scope = NewDisposeScope();
        // The generator lives on the CPU (as SeededDropout's), so the draw is the same on every device.
        var drop = rand(ids.shape, generator: generator).lt(p).to(ids.device).logical_and(ids.gt(TextVectorizer.OovId));
        return ids.masked_fill(drop, TextVectorizer.OovId).MoveToOuterDisposeScope();
    }
}
