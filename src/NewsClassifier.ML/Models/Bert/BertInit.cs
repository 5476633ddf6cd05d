using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>
/// Hugging Face <c>BertPreTrainedModel._init_weights</c>: normal(0, 0.02) for linear and embedding weights, zero biases,
/// the padding row of the word embeddings zeroed, LayerNorm at (1, 0). Drawn from the model's own generator so a seed
/// gives the same weights whatever else the process does. Only matters for weights no checkpoint provides (the
/// classifier head) and for models built from a config alone (tests, benchmarks).
/// </summary>
internal static class BertInit
{
    public const double Std = 0.02;

    public static void Normal(Linear layer, Generator generator)
    {
        using var _ = no_grad();
        layer.weight!.normal_(0, Std, generator);
        layer.bias?.zero_();
    }

    public static void Normal(Embedding embedding, Generator generator, long? paddingIndex = null)
    {
        using var _ = no_grad();
        embedding.weight!.normal_(0, Std, generator);
        if (paddingIndex is long pad) embedding.weight[pad].zero_();
    }
}
