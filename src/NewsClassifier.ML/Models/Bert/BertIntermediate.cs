using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary><c>intermediate.</c>: dense H -> I and the config's activation (BERT's <c>gelu</c> is the exact erf form).</summary>
public sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly string _activation;

    public BertIntermediate(BertConfig config, Generator generator) : base("intermediate")
    {
        _activation = config.HiddenAct;
        dense = nn.Linear(config.HiddenSize, config.IntermediateSize);
        BertInit.Normal(dense, generator);
        RegisterComponents();
    }

    /// <param name="hidden">(B, T, H)</param>
    /// <returns>(B, T, I)</returns>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var x = dense.forward(hidden);
        return Activate(x, _activation).MoveToOuterDisposeScope();
    }

    internal static Tensor Activate(Tensor x, string activation) => activation switch
    {
        "gelu" => nn.functional.gelu(x),
        // Hugging Face's gelu_new / gelu_pytorch_tanh: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
        "gelu_new" or "gelu_pytorch_tanh" => 0.5 * x * (1 + tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x.pow(3)))),
        "relu" => nn.functional.relu(x),
        _ => throw new ArgumentException($"Unsupported hidden_act '{activation}'.", nameof(activation)),
    };
}
