using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary><c>encoder.layer.0..N-1</c>: the stack of <see cref="BertLayer"/>s, returning every layer's output (TF-Hub BERT's <c>encoder_outputs</c>).</summary>
public sealed class BertEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config, Generator generator) : base("encoder")
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(i => new BertLayer(config, generator, i)).ToArray());
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        var (outputs, _) = Forward(hidden, additiveMask, returnWeights: false);
        for (int i = 0; i < outputs.Count - 1; i++) outputs[i].Dispose();
        return outputs[^1];
    }

    /// <returns>Each layer's output (B, T, H), and when asked each layer's attention probabilities (B, heads, T, T).</returns>
    public (IReadOnlyList<Tensor> Layers, IReadOnlyList<Tensor>? Attentions) Forward(Tensor hidden, Tensor additiveMask, bool returnWeights)
    {
        var outputs = new List<Tensor>(layer.Count);
        var attentions = returnWeights ? new List<Tensor>(layer.Count) : null;
        var x = hidden;
        foreach (var block in layer)
        {
            var (next, weights) = block.Forward(x, additiveMask, returnWeights);
            outputs.Add(next);
            if (weights is not null) attentions!.Add(weights);
            x = next;
        }
        return (outputs, attentions);
    }
}
