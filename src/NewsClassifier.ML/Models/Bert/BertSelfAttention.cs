using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>
/// Multi-head scaled dot-product self-attention (<c>attention.self.</c> keys: <c>query</c>, <c>key</c>, <c>value</c>).
/// Head width = hidden / heads. Padding keys are masked by an additive mask of the dtype's lowest value, as Hugging Face does.
/// When no weights are asked for and no attention dropout is active, the fused
/// <c>scaled_dot_product_attention</c> kernel runs instead of the explicit softmax (same maths, less memory).
/// </summary>
public sealed class BertSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly SeededDropout dropout;
    private readonly int _heads;
    private readonly int _headSize;
    private readonly double _dropoutRate;

    public BertSelfAttention(BertConfig config, Generator generator) : base("self")
    {
        _heads = config.NumAttentionHeads;
        _headSize = config.HeadSize;
        _dropoutRate = config.AttentionProbsDropoutProb;
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

        var q = Heads(query);
        var k = Heads(key);
        var v = Heads(value);

        Tensor context;
        Tensor? weights = null;
        if (!returnWeights && (!training || _dropoutRate == 0))
        {
            context = nn.functional.scaled_dot_product_attention(q, k, v, additiveMask); // (B, heads, T, d)
        }
        else
        {
            var scores = matmul(q, k.transpose(-2, -1)) / Math.Sqrt(_headSize) + additiveMask; // (B, heads, T, T)
            weights = scores.softmax(-1);
            context = matmul(dropout.forward(weights), v);                                      // (B, heads, T, d)
        }
        var merged = context.transpose(1, 2).reshape(b, t, _heads * _headSize);                // (B, T, H)
        return (merged.MoveToOuterDisposeScope(), returnWeights ? weights!.MoveToOuterDisposeScope() : null);
    }
}
