using static TorchSharp.torch;

namespace NewsClassifier.ML.Models;

/// <summary>
/// Keras-like initialisation drawn from the model's own generator, so building a model with a seed
/// gives the same weights whatever else the process does with torch's global generator.
/// </summary>
internal static class Init
{
    /// <summary>Keras <c>glorot_uniform</c> kernel, zero bias.</summary>
    public static void GlorotUniform(Linear layer, Generator generator)
    {
        using var _ = no_grad();
        long fanOut = layer.weight!.shape[0], fanIn = layer.weight.shape[1];
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        layer.weight.uniform_(-limit, limit, generator);
        layer.bias?.zero_();
    }

    /// <summary>Keras <c>Embedding</c> default: uniform(-0.05, 0.05).</summary>
    public static void KerasEmbedding(Embedding embedding, Generator generator)
    {
        using var _ = no_grad();
        embedding.weight!.uniform_(-0.05, 0.05, generator);
    }
}
