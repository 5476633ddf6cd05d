using static TorchSharp.torch;

namespace NewsClassifier.ML.Models;

/// <summary>
/// Self-attention with Keras <c>MultiHeadAttention(num_heads, key_dim)</c> semantics: every head is
/// <c>key_dim</c> wide, so Q/K/V project E -> heads*key_dim (with bias) and the output projects back to E.
/// For <c>custom-lesson</c> (E=32, 2 heads, key_dim 32) that is 3*(32*64+64) + (64*32+32) = 8,416 parameters,
/// which PyTorch's <c>nn.MultiheadAttention</c> (head width E/heads) cannot reproduce.
/// </summary>
public sealed class KerasMultiHeadAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    /// <summary>Added to the scores of padded keys; finite (as in Keras) so an all-padding row stays a uniform average, not NaN.</summary>
    private const double MaskedScore = -1e9;

    // Field names are the checkpoint's keys.
    private readonly Linear query, key, value, attention_output;
    private readonly int _heads;
    private readonly int _keyDim;

    public KerasMultiHeadAttention(CustomTransformerConfig config, Generator generator) : base("multi_head_attention")
    {
        _heads = config.NumHeads;
        _keyDim = config.KeyDim;
        int inner = config.NumHeads * config.KeyDim;
        query = nn.Linear(config.EmbedDim, inner);
        key = nn.Linear(config.EmbedDim, inner);
        value = nn.Linear(config.EmbedDim, inner);
        attention_output = nn.Linear(inner, config.EmbedDim);
        foreach (var layer in new[] { query, key, value, attention_output }) Init.GlorotUniform(layer, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor? keyPaddingMask) => Forward(x, keyPaddingMask, returnWeights: false).Output;

    /// <param name="x">(B, T, E)</param>
    /// <param name="keyPaddingMask">(B, T) bool, true where the key is padding; null attends to every position.</param>
    /// <returns>Output (B, T, E) and, when asked, the softmax weights per head (B, heads, T, T).</returns>
    public (Tensor Output, Tensor? Weights) Forward(Tensor x, Tensor? keyPaddingMask, bool returnWeights)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], t = x.shape[1];

        Tensor Heads(Linear projection) =>
            projection.forward(x).view(b, t, _heads, _keyDim).transpose(1, 2); // (B, heads, T, keyDim)

        // Keras fills padded keys' scores with a finite value; adding it gives the same probabilities (a score
        // plus -1e9 rounds to -1e9 in float32) and lets the fused kernel take the mask.
        var mask = keyPaddingMask is null ? null : zeros(b, 1, 1, t, dtype: x.dtype, device: x.device).masked_fill(keyPaddingMask.view(b, 1, 1, t), MaskedScore);
        var (context, weights) = Attention.Compute(Heads(query), Heads(key), Heads(value), mask, dropout: null, returnWeights); // (B, T, heads*keyDim)
        var output = attention_output.forward(context);                                                                     // (B, T, E)

        return (output.MoveToOuterDisposeScope(), weights?.MoveToOuterDisposeScope());
    }
}
