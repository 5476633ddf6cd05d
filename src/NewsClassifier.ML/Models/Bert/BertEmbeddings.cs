using TorchSharp.Modules;
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
        long t = inputIds.shape[1];
        if (t > _maxPositions)
            throw new ArgumentException($"Sequence length {t} exceeds max_position_embeddings ({_maxPositions}); truncate the input.", nameof(inputIds));
        using var scope = NewDisposeScope();
        var positions = arange(t, dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0); // (1, T)
        var embeddings = word_embeddings.forward(inputIds)
                         + position_embeddings.forward(positions)
                         + token_type_embeddings.forward(tokenTypeIds);                         // (B, T, H)
        return dropout.forward(LayerNorm.forward(embeddings)).MoveToOuterDisposeScope();
    }
}
