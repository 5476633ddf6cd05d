using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>The attention sub-layer (<c>attention.</c>): self-attention, then <see cref="BertSelfOutput"/> (projection, dropout, residual, LayerNorm).</summary>
public sealed class BertAttention : nn.Module<Tensor, Tensor, Tensor>
{
    // "self" is a C# keyword-like name we avoid for the field; the checkpoint key is attention.self.*.
    [ComponentName(Name = "self")]
    private readonly BertSelfAttention self_attention;
    private readonly BertSelfOutput output;

    public BertAttention(BertConfig config, Generator generator) : base("attention")
    {
        self_attention = new BertSelfAttention(config, generator);
        output = new BertSelfOutput(config, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor additiveMask) => Forward(hidden, additiveMask, returnWeights: false).Output;

    public (Tensor Output, Tensor? Weights) Forward(Tensor hidden, Tensor additiveMask, bool returnWeights)
    {
        var (context, weights) = self_attention.Forward(hidden, additiveMask, returnWeights);
        using (context)
        {
            return (output.forward(context, hidden), weights);
        }
    }
}

/// <summary><c>attention.output.</c>: dense H -> H, dropout, add the sub-layer's input, LayerNorm.</summary>
public sealed class BertSelfOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly LayerNorm LayerNorm;
    private readonly SeededDropout dropout;

    public BertSelfOutput(BertConfig config, Generator generator) : base("output")
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        dropout = new SeededDropout(config.HiddenDropoutProb, generator);
        BertInit.Normal(dense, generator);
        RegisterComponents();
    }

    /// <param name="context">(B, T, H) attention context</param>
    /// <param name="residual">(B, T, H) the attention sub-layer's input</param>
    public override Tensor forward(Tensor context, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return LayerNorm.forward(dropout.forward(dense.forward(context)) + residual).MoveToOuterDisposeScope();
    }
}
