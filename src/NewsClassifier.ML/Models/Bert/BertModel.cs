using static TorchSharp.torch;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>
/// What <see cref="BertModel.Forward"/> returns, named like TF-Hub BERT's outputs: <c>SequenceOutput</c> (B, T, H)
/// is the last layer, <c>PooledOutput</c> (B, H) the pooler's, <c>EncoderOutputs</c> every layer's (B, T, H), and
/// <c>Attentions</c> every layer's probabilities (B, heads, T, T) when asked. Disposing disposes all of them.
/// </summary>
public sealed record BertOutputs(Tensor SequenceOutput, Tensor PooledOutput, IReadOnlyList<Tensor> EncoderOutputs, IReadOnlyList<Tensor>? Attentions) : IDisposable
{
    public void Dispose()
    {
        PooledOutput.Dispose();
        foreach (var t in EncoderOutputs) t.Dispose();   // SequenceOutput is the last of them
        if (Attentions is not null) foreach (var t in Attentions) t.Dispose();
    }
}

/// <summary>
/// Hugging Face <c>BertModel</c> in TorchSharp: its state-dict keys are exactly Hugging Face's without the <c>bert.</c>
/// prefix (<c>embeddings.word_embeddings.weight</c>, <c>encoder.layer.0.attention.self.query.weight</c>, ...,
/// <c>pooler.dense.bias</c>), so a checkpoint loads by name (<see cref="Checkpoints.BertWeights"/>).
/// Built with a seed, its initial weights and dropout masks are reproducible.
/// </summary>
public sealed class BertModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertPooler pooler;

    public BertModel(BertConfig config, long seed = 42) : this(config, new Generator((ulong)seed))
    {
    }

    internal BertModel(BertConfig config, Generator generator) : base("bert")
    {
        Config = config.Validate();
        embeddings = new BertEmbeddings(config, generator);
        encoder = new BertEncoder(config, generator);
        pooler = new BertPooler(config, generator);
        RegisterComponents();
    }

    public BertConfig Config { get; }

    /// <summary>The pooled output (B, H), for callers that need only that.</summary>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var outputs = Forward(inputIds, attentionMask);
        return outputs.PooledOutput.alias();
    }

    /// <param name="inputIds">(B, T) int64 WordPiece ids</param>
    /// <param name="attentionMask">(B, T) 1 for real tokens, 0 for padding</param>
    /// <param name="tokenTypeIds">(B, T) segment ids; null = all zeros (single sentences)</param>
    /// <param name="outputAttentions">also return every layer's attention probabilities</param>
    public BertOutputs Forward(Tensor inputIds, Tensor attentionMask, Tensor? tokenTypeIds = null, bool outputAttentions = false)
    {
        if (inputIds.dim() != 2) throw new ArgumentException($"input_ids must be (batch, length); got {inputIds.dim()} dimensions.", nameof(inputIds));
        if (!inputIds.shape.SequenceEqual(attentionMask.shape))
            throw new ArgumentException("input_ids and attention_mask differ in shape.", nameof(attentionMask));
        using var scope = NewDisposeScope();
        var types = tokenTypeIds ?? zeros_like(inputIds);
        return Encode(embeddings.forward(inputIds, types), attentionMask, outputAttentions);
    }

    /// <summary>The word embeddings of <paramref name="inputIds"/> (B, T, H), before positions, types and LayerNorm.</summary>
    public Tensor WordEmbeddings(Tensor inputIds) => embeddings.WordEmbeddings(inputIds);

    /// <summary>
    /// <see cref="Forward"/> from word embeddings (B, T, H) instead of ids (Hugging Face's <c>inputs_embeds</c>), single
    /// sentences: for gradients with respect to the input (<see cref="Explain.IntegratedGradients"/>).
    /// </summary>
    public BertOutputs ForwardFromWordEmbeddings(Tensor wordEmbeddings, Tensor attentionMask)
    {
        if (wordEmbeddings.dim() != 3) throw new ArgumentException($"Word embeddings must be (batch, length, hidden); got {wordEmbeddings.dim()} dimensions.", nameof(wordEmbeddings));
        if (!wordEmbeddings.shape[..2].SequenceEqual(attentionMask.shape))
            throw new ArgumentException("The word embeddings and attention_mask differ in shape.", nameof(attentionMask));
        using var scope = NewDisposeScope();
        var types = zeros(attentionMask.shape, dtype: ScalarType.Int64, device: attentionMask.device);
        return Encode(embeddings.FromWordEmbeddings(wordEmbeddings, types), attentionMask, outputAttentions: false);
    }

    /// <summary>Encoder and pooler over the embedded input (B, T, H); the outputs leave the caller's dispose scope.</summary>
    private BertOutputs Encode(Tensor hidden, Tensor attentionMask, bool outputAttentions)
    {
        var mask = AdditiveMask(attentionMask, hidden.dtype);                              // (B, 1, 1, T)
        var (layers, attentions) = encoder.Forward(hidden, mask, outputAttentions);
        var pooled = pooler.forward(layers[^1]);                                           // (B, H)

        foreach (var t in layers) t.MoveToOuterDisposeScope();
        if (attentions is not null) foreach (var t in attentions) t.MoveToOuterDisposeScope();
        return new BertOutputs(layers[^1], pooled.MoveToOuterDisposeScope(), layers, attentions);
    }

    /// <summary>Hugging Face's extended mask: 0 where attended, the dtype's lowest finite value where padded, broadcast over heads and queries.</summary>
    public static Tensor AdditiveMask(Tensor attentionMask, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        double lowest = dtype switch
        {
            ScalarType.Float16 => -65504.0,
            ScalarType.BFloat16 => -3.3895313892515355e38,
            ScalarType.Float64 => double.MinValue,
            _ => float.MinValue,
        };
        var m = attentionMask.to_type(dtype).unsqueeze(1).unsqueeze(2);                   // (B, 1, 1, T)
        return ((1.0 - m) * lowest).MoveToOuterDisposeScope();
    }

    /// <summary>Freezes (or unfreezes) every parameter of the body, for the frozen-feature-extractor recipes.</summary>
    public void SetTrainable(bool trainable)
    {
        foreach (var p in parameters()) p.requires_grad = trainable;
    }
}
