using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>
/// word + position + token-type embeddings, LayerNorm, dropout. Field names are the Hugging Face keys under
/// <c>embeddings.</c> (<c>word_embeddings.weight</c>, <c>LayerNorm.weight</c>, ...); Hugging Face's
/// <c>position_ids</c> buffer is not a parameter here (positions are 0..T-1), and loaders skip it.
/// </summary>
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    private readonly LayerNorm LayerNorm;
    private readonly SeededDropout dropout;
    private readonly int _maxPositions;

    public BertEmbeddings(BertConfig config, Generator generator) : base("embeddings")
    {
        _maxPositions = config.MaxPositionEmbeddings;
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, eps: config.LayerNormEps);
        dropout = new SeededDropout(config.HiddenDropoutProb, generator);
        BertInit.Normal(word_embeddings, generator, config.PadTokenId);
        BertInit.Normal(position_embeddings, generator);
        BertInit.Normal(token_type_embeddings, generator);
        RegisterComponents();
    }

    /// <param name="inputIds">(B, T) int64</param>
    /// <param name="tokenTypeIds">(B, T) int64</param>
    /// <returns>(B, T, H)</returns>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds)
    {
        Check(inputIds.shape[1], nameof(inputIds));
        using var scope = NewDisposeScope();
        return FromWordEmbeddings(word_embeddings.forward(inputIds), tokenTypeIds).MoveToOuterDisposeScope();
    }

    /// <summary>The word embeddings alone (B, T, H): what a token attribution varies.</summary>
    public Tensor WordEmbeddings(Tensor inputIds) => word_embeddings.forward(inputIds);

    /// <summary>Hugging Face's <c>inputs_embeds</c> path: word embeddings (B, T, H) given, positions and token types added here.</summary>
    public Tensor FromWordEmbeddings(Tensor wordEmbeddings, Tensor tokenTypeIds)
    {
        long t = wordEmbeddings.shape[1];
        Check(t, nameof(wordEmbeddings));
        using var scope = NewDisposeScope();
        var positions = arange(t, dtype: ScalarType.Int64, device: wordEmbeddings.device).unsqueeze(0); // (1, T)
        var embeddings = wordEmbeddings
                         + position_embeddings.forward(positions)
                         + token_type_embeddings.forward(tokenTypeIds);                         // (B, T, H)
        return dropout.forward(LayerNorm.Normalize(embeddings)).MoveToOuterDisposeScope();
    }

    private void Check(long length, string name)
    {
        if (length > _maxPositions)
            throw new ArgumentException($"Sequence length {length} exceeds max_position_embeddings ({_maxPositions}); truncate the input.", name);
    }
}
