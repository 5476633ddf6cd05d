using static TorchSharp.torch;

namespace NewsClassifier.ML.Models;

/// <summary>
/// The custom transformer (the Keras reference model, see RECIPES.md): embedding -> transformer blocks -> GlobalAveragePooling1D -> Dropout ->
/// Dense(denseUnits, relu) -> Dropout -> Dense(classes). Returns logits; softmax belongs to the loss or the caller.
/// With <see cref="CustomTransformerConfig.MaskPadding"/> the padding id 0 is masked in attention and in the mean.
/// </summary>
public sealed class CustomTransformerClassifier : nn.Module<Tensor, Tensor>
{
    private readonly TokenAndPositionEmbedding embedding;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly SeededDropout dropout1;
    private readonly Linear dense;
    private readonly SeededDropout dropout2;
    private readonly Linear classifier;

    public CustomTransformerConfig Config { get; }

    /// <param name="seed">Seeds this model's own generator (initial weights and dropout masks).</param>
    public CustomTransformerClassifier(CustomTransformerConfig config, long seed = 0) : base("custom_transformer_classifier")
    {
        Config = config.Validate();
        Generator = new Generator((ulong)seed);
        embedding = new TokenAndPositionEmbedding(config, Generator);
        blocks = nn.ModuleList(Enumerable.Range(0, config.NumBlocks)
            .Select(i => new TransformerBlock(config, Generator, i == 0 ? "transformer_block" : $"transformer_block_{i}"))
            .ToArray());
        dropout1 = new SeededDropout(config.Dropout, Generator);
        dense = nn.Linear(config.EmbedDim, config.DenseUnits);
        dropout2 = new SeededDropout(config.Dropout, Generator);
        classifier = nn.Linear(config.DenseUnits, config.NumClasses);
        Init.GlorotUniform(dense, Generator);
        Init.GlorotUniform(classifier, Generator);
        RegisterComponents();
    }

    /// <summary>The generator behind initialisation and dropout; reseed it to replay a training run.</summary>
    public Generator Generator { get; }

    /// <param name="ids">(B, T) token ids, 0 = padding.</param>
    /// <returns>(B, classes) logits.</returns>
    public override Tensor forward(Tensor ids) => Forward(ids, returnAttention: false).Logits;

    /// <returns>Logits (B, classes) and, when asked, one (B, heads, T, T) weight tensor per block.</returns>
    public (Tensor Logits, Tensor[] Attention) Forward(Tensor ids, bool returnAttention)
    {
        if (ids.shape[1] > Config.MaxLength)
            throw new ArgumentException($"Sequence length {ids.shape[1]} exceeds the model's max length {Config.MaxLength}.", nameof(ids));
        using var scope = NewDisposeScope();
        var padding = Config.MaskPadding ? ids.eq(0L) : null; // (B, T) true at padding
        var (logits, attention) = FromEmbeddings(embedding.forward(ids), padding, returnAttention);
        return (logits.MoveToOuterDisposeScope(), attention.Select(a => a.MoveToOuterDisposeScope()).ToArray());
    }

    /// <summary>Starts the word embeddings from given vectors (e.g. <see cref="Training.CustomTransformer.LsaEmbedding"/>) instead of random ones.</summary>
    public void StartTokenEmbeddingsFrom(Tensor vectors, int columns) => embedding.StartTokensFrom(vectors, columns);

    /// <summary>The token embeddings of <paramref name="ids"/> (B, T, E), without positions: the input a token attribution varies.</summary>
    public Tensor TokenEmbeddings(Tensor ids) => embedding.Tokens(ids);

    /// <summary>
    /// Logits (B, classes) from token embeddings (B, T, E) instead of ids, for gradients with respect to the input
    /// (<see cref="Explain.IntegratedGradients"/>). <paramref name="padding"/> is (B, T) true at padding, or null for an unmasked model.
    /// </summary>
    public Tensor LogitsFromTokenEmbeddings(Tensor tokenEmbeddings, Tensor? padding)
    {
        if (tokenEmbeddings.shape[1] > Config.MaxLength)
            throw new ArgumentException($"Sequence length {tokenEmbeddings.shape[1]} exceeds the model's max length {Config.MaxLength}.", nameof(tokenEmbeddings));
        using var scope = NewDisposeScope();
        return FromEmbeddings(embedding.WithPositions(tokenEmbeddings), Config.MaskPadding ? padding : null, returnAttention: false).Logits.MoveToOuterDisposeScope();
    }

    /// <summary>Everything after the embedding: x (B, T, E) with positions added.</summary>
    private (Tensor Logits, List<Tensor> Attention) FromEmbeddings(Tensor x, Tensor? padding, bool returnAttention)
    {
        var attention = new List<Tensor>();
        foreach (var block in blocks)
        {
            var (output, weights) = block.Forward(x, padding, returnAttention);
            x = output;                 // (B, T, E)
            if (weights is not null) attention.Add(weights);
        }

        var pooled = padding is null ? x.mean([1]) : MaskedMean(x, padding); // (B, E)
        var h = nn.functional.relu(dense.forward(dropout1.forward(pooled)));  // (B, denseUnits)
        var logits = classifier.forward(dropout2.forward(h));                  // (B, classes)
        return (logits, attention);
    }

    /// <summary>Keras GlobalAveragePooling1D with a mask: mean over real tokens only (an empty row pools to zeros).</summary>
    private static Tensor MaskedMean(Tensor x, Tensor padding)
    {
        var keep = padding.logical_not().unsqueeze(-1).to_type(x.dtype); // (B, T, 1)
        return (x * keep).sum(1) / keep.sum(1).clamp_min(1.0);            // (B, E)
    }

    /// <summary>Top-level layers with Keras <c>model.summary()</c> names and output shapes, for <see cref="ModelSummary"/>.</summary>
    internal IEnumerable<(string Name, string Type, string OutputShape, nn.Module? Module)> KerasLayers()
    {
        string seq = Config.MaskPadding ? "None" : Config.MaxLength.ToString();
        yield return ("input_layer", "InputLayer", $"(None, {seq})", null);
        yield return ("token_and_position_embedding", "TokenAndPositionEmbedding", $"(None, {seq}, {Config.EmbedDim})", embedding);
        foreach (var block in blocks)
            yield return (block.GetName(), "TransformerBlock", $"(None, {seq}, {Config.EmbedDim})", block);
        yield return ("global_average_pooling1d", "GlobalAveragePooling1D", $"(None, {Config.EmbedDim})", null);
        yield return ("dropout", "Dropout", $"(None, {Config.EmbedDim})", dropout1);
        yield return ("dense", "Dense", $"(None, {Config.DenseUnits})", dense);
        yield return ("dropout_1", "Dropout", $"(None, {Config.DenseUnits})", dropout2);
        yield return ("dense_1", "Dense", $"(None, {Config.NumClasses})", classifier);
    }
}
