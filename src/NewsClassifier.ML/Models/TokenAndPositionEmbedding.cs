using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Models;

/// <summary>Token embedding plus a learned embedding of the position 0..maxLength-1, summed (Keras' <c>TokenAndPositionEmbedding</c>; see RECIPES.md).</summary>
public sealed class TokenAndPositionEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Embedding token_emb;
    private readonly Embedding pos_emb;

    public TokenAndPositionEmbedding(CustomTransformerConfig config, Generator generator) : base("token_and_position_embedding")
    {
        token_emb = nn.Embedding(config.VocabSize, config.EmbedDim);
        pos_emb = nn.Embedding(config.MaxLength, config.EmbedDim);
        Init.KerasEmbedding(token_emb, generator);
        Init.KerasEmbedding(pos_emb, generator);
        RegisterComponents();
    }

    /// <param name="ids">(B, T) token ids, T at most MaxLength.</param>
    /// <returns>(B, T, E)</returns>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        long t = ids.shape[1];
        var positions = arange(t, dtype: ScalarType.Int64, device: ids.device); // (T)
        var x = token_emb.forward(ids) + pos_emb.forward(positions);          // (B, T, E) + (T, E)
        return x.MoveToOuterDisposeScope();
    }
}
