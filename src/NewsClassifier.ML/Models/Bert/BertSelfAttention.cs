using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>
/// Multi-head scaled dot-product self-attention (<c>attention.self.</c> keys: <c>query</c>, <c>key</c>, <c>value</c>).
/// Head width = hidden / heads. Padding keys are masked by an additive mask of the dtype's lowest value, as Hugging Face does.
/// The attention itself is <see cref="Attention.Compute"/> (fused when no weights are asked for and no dropout is active).
/// </summary>
public sealed class BertSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    // Field names are the checkpoint's keys.
    private readonly Linear query, key, value;
    private readonly SeededDropout dropout;
    private readonly int _heads;
    private readonly int _headSize;

    public BertSelfAttention(BertConfig config, Generator generator) : base("self")
    {
        _heads = config.NumAttentionHeads;
        _headSize = config.HeadSize;
        query = nn.Linear(config.HiddenSize, config.HiddenSize);
        key = nn.Linear(config.HiddenSize, config.HiddenSize);
        value = nn.Linear(config.HiddenSize, config.HiddenSize);
        dropout = new SeededDropout(config.AttentionProbsDropoutProb, generator);
        foreach (var layer in new[] { query, key, value }) BertInit.Normal(layer, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden, Tensor additiveMask) => Forward(hidden, additiveMask, returnWeights: false).Context;

    /// <param name="hidden">(B, T, H)</param>
    /// <param name="additiveMask">(B, 1, 1, T): 0 for real tokens, the dtype's lowest value for padding.</param>
    /// <returns>Context (B, T, H) and, when asked, the attention probabilities (B, heads, T, T).</returns>
    public (Tensor Context, Tensor? Weights) Forward(Tensor hidden, Tensor additiveMask, bool returnWeights)
    {
        using var scope = NewDisposeScope();
        long b = hidden.shape[0], t = hidden.shape[1];

        Tensor Heads(Linear projection) =>
            projection.forward(hidden).view(b, t, _heads, _headSize).transpose(1, 2); // (B, heads, T, d)

        var (context, weights) = Attention.Compute(Heads(query), Heads(key), Heads(value), additiveMask, dropout, returnWeights);
        return (context.MoveToOuterDisposeScope(), weights?.MoveToOuterDisposeScope());
    }
}
