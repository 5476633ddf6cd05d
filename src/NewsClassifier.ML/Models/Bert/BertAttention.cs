using TorchSharp.Utils;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>The attention sub-layer (<c>attention.</c>): self-attention, then <see cref="BertResidualOutput"/> (projection, dropout, residual, LayerNorm).</summary>
public sealed class BertAttention : nn.Module<Tensor, Tensor, Tensor>
{
    // "self" is a C# keyword-like name we avoid for the field; the checkpoint key is attention.self.*.
    [ComponentName(Name = "self")]
    private readonly BertSelfAttention self_attention;
    private readonly BertResidualOutput output;

    public BertAttention(BertConfig config, Generator generator) : base("attention")
    {
        self_attention = new BertSelfAttention(config, generator);
        output = new BertResidualOutput(config.HiddenSize, config, generator);
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
