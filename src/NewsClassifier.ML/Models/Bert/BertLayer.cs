using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>One encoder layer (<c>encoder.layer.N.</c>): attention sub-layer, then the feed-forward sub-layer.</summary>
public sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertResidualOutput output;

    public BertLayer(BertConfig config, Generator generator, int index) : base($"layer_{index}")
    {
        attention = new BertAttention(config, generator);
        intermediate = new BertIntermediate(config, generator);
        output = new BertResidualOutput(config.IntermediateSize, config, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor additiveMask) => Forward(hidden, additiveMask, returnWeights: false).Output;

    /// <param name="hidden">(B, T, H)</param>
    /// <param name="additiveMask">(B, 1, 1, T)</param>
    /// <returns>(B, T, H) and, when asked, attention probabilities (B, heads, T, T).</returns>
    public (Tensor Output, Tensor? Weights) Forward(Tensor hidden, Tensor additiveMask, bool returnWeights)
    {
        using var scope = NewDisposeScope();
        var (attended, weights) = attention.Forward(hidden, additiveMask, returnWeights);
        var result = output.forward(intermediate.forward(attended), attended);
        return (result.MoveToOuterDisposeScope(), weights?.MoveToOuterDisposeScope());
    }
}
