using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary><c>pooler.</c>: the [CLS] position's hidden state through dense H -> H and tanh (TF-Hub BERT's <c>pooled_output</c>).</summary>
public sealed class BertPooler : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    public BertPooler(BertConfig config, Generator generator) : base("pooler")
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        BertInit.Normal(dense, generator);
        RegisterComponents();
    }

    /// <param name="sequence">(B, T, H)</param>
    /// <returns>(B, H)</returns>
    public override Tensor forward(Tensor sequence)
    {
        using var scope = NewDisposeScope();
        return tanh(dense.forward(sequence[.., 0])).MoveToOuterDisposeScope();
    }
}
