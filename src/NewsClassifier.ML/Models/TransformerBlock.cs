using static TorchSharp.torch;

namespace NewsClassifier.ML.Models;

/// <summary>The custom transformer's post-norm block (the Keras reference, see RECIPES.md): x = LN(x + Drop(MHA(x))); x = LN(x + Drop(FFN(x))), FFN = Dense(ff, relu) -> Dense(E).</summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly KerasMultiHeadAttention att;
    private readonly SeededDropout dropout1;
    private readonly LayerNorm layernorm1;
    private readonly Linear ffn_1;
    private readonly Linear ffn_2;
    private readonly SeededDropout dropout2;
    private readonly LayerNorm layernorm2;

    public TransformerBlock(CustomTransformerConfig config, Generator generator, string name = "transformer_block") : base(name)
    {
        att = new KerasMultiHeadAttention(config, generator);
        dropout1 = new SeededDropout(config.Dropout, generator);
        layernorm1 = nn.LayerNorm([config.EmbedDim], config.LayerNormEps);
        ffn_1 = nn.Linear(config.EmbedDim, config.FfDim);
        ffn_2 = nn.Linear(config.FfDim, config.EmbedDim);
        dropout2 = new SeededDropout(config.Dropout, generator);
        layernorm2 = nn.LayerNorm([config.EmbedDim], config.LayerNormEps);
        Init.GlorotUniform(ffn_1, generator);
        Init.GlorotUniform(ffn_2, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor? keyPaddingMask) => Forward(x, keyPaddingMask, returnWeights: false).Output;

    /// <param name="x">(B, T, E)</param>
    /// <param name="keyPaddingMask">(B, T) bool, true at padding; null for no masking.</param>
    public (Tensor Output, Tensor? Weights) Forward(Tensor x, Tensor? keyPaddingMask, bool returnWeights)
    {
        using var scope = NewDisposeScope();
        var (attended, weights) = att.Forward(x, keyPaddingMask, returnWeights); // (B, T, E), (B, heads, T, T)
        var h = layernorm1.forward(x + dropout1.forward(attended));
        var ffn = ffn_2.forward(nn.functional.relu(ffn_1.forward(h)));           // (B, T, E)
        var output = layernorm2.forward(h + dropout2.forward(ffn));
        return (output.MoveToOuterDisposeScope(), weights?.MoveToOuterDisposeScope());
    }
}
