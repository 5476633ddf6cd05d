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
        return WithPositions(Tokens(ids)).MoveToOuterDisposeScope();
    }

    /// <summary>The token embeddings alone (B, T, E): what a token attribution varies (positions stay as they are).</summary>
    public Tensor Tokens(Tensor ids) => token_emb.forward(ids);

    /// <param name="tokens">(B, T, E) token embeddings, T at most MaxLength.</param>
    /// <returns>(B, T, E) with the position embeddings added.</returns>
    public Tensor WithPositions(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        long t = tokens.shape[1];
        var positions = arange(t, dtype: ScalarType.Int64, device: tokens.device); // (T)
        return (tokens + pos_emb.forward(positions)).MoveToOuterDisposeScope();      // (B, T, E) + (T, E)
    }
}
