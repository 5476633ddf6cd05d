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

    /// <summary>
    /// Replaces the first <paramref name="columns"/> columns of the word rows (2 and up) with <paramref name="vectors"/>'
    /// (vocabulary, E); padding, out-of-vocabulary and the other columns keep their start.
    /// </summary>
    public void StartTokensFrom(Tensor vectors, int columns)
    {
        if (vectors.shape[0] != token_emb.weight!.shape[0] || columns > token_emb.weight.shape[1])
            throw new ArgumentException($"Vectors {string.Join('x', vectors.shape)} do not fit the token embedding {string.Join('x', token_emb.weight.shape)}.", nameof(vectors));
        if (columns < 1) return;
        using var _ = no_grad();
        token_emb.weight[2.., ..columns].copy_(vectors[2.., ..columns]);
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
