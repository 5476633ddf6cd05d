using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>
/// The block that closes both sub-layers of a <see cref="BertLayer"/>: dense (input width -> H), dropout, add the
/// sub-layer's input, LayerNorm. Hugging Face has it twice with the same keys (<c>dense</c>, <c>LayerNorm</c>):
/// <c>BertSelfOutput</c> (<c>attention.output.</c>, H -> H) and <c>BertOutput</c> (<c>output.</c>, intermediate I -> H).
/// </summary>
public sealed class BertResidualOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly LayerNorm LayerNorm;
    private readonly SeededDropout dropout;

    /// <param name="inputSize">H after self-attention, I (intermediate size) after the feed-forward's first dense.</param>
    public BertResidualOutput(int inputSize, BertConfig config, Generator generator) : base("output")
    {
        dense = nn.Linear(inputSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        dropout = new SeededDropout(config.HiddenDropoutProb, generator);
        BertInit.Normal(dense, generator);
        RegisterComponents();
    }

    /// <param name="input">(B, T, inputSize): the attention context or the intermediate activations</param>
    /// <param name="residual">(B, T, H): the sub-layer's input</param>
    public override Tensor forward(Tensor input, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return LayerNorm.Normalize(dropout.forward(dense.forward(input)) + residual).MoveToOuterDisposeScope();
    }
}
