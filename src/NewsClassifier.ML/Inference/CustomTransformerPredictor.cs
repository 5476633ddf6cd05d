using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Inference;

public sealed record Prediction(
    IReadOnlyList<string> LabelNames,
    float[] Probabilities,
    int PredictedIndex,
    int TokenCount,
    bool Truncated)
{
    public string PredictedLabel => LabelNames[PredictedIndex];
    public float Confidence => Probabilities[PredictedIndex];

    /// <summary>The index of the largest probability (the first one on ties).</summary>
    public static int ArgMax(float[] values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}

/// <summary>What the tokens of an <see cref="AttentionMap"/> are.</summary>
public enum AttentionTokenKind
{
    /// <summary>The custom transformer's words (lower-cased, punctuation stripped).</summary>
    Words,
    /// <summary>BERT's WordPiece tokens, [CLS] first and [SEP] last ("##" marks a continuation).</summary>
    WordPieces,
}

/// <summary>
/// Attention over the article's own tokens (padding rows and columns removed), for a heat map.
/// <c>Heads[block][head][query][key]</c>; <c>Averaged[block][query][key]</c> is the mean over heads.
/// For a model trained without masking (the lesson's), part of each row's weight went to padding, so rows sum to less than 1.
/// </summary>
public sealed record AttentionMap(IReadOnlyList<string> Tokens, float[][][][] Heads, float[][][] Averaged)
{
    public AttentionTokenKind Kind { get; init; } = AttentionTokenKind.Words;

    /// <summary>
    /// Attention rollout over all layers (Abnar &amp; Zuidema 2020), <c>Rollout[query][key]</c>, rows summing to 1; set for BERT,
    /// whose many layers make any single layer's map a poor account of what the output used.
    /// </summary>
    public float[][]? Rollout { get; init; }

    /// <summary>
    /// How much each token matters: with a rollout, the [CLS] row (what the pooled output, and so the classifier, draws on);
    /// otherwise the attention each token receives in the last block, averaged over heads and queries.
    /// </summary>
    public float[] TokenImportance()
    {
        if (Rollout is { Length: > 0 } rollout) return rollout[0].ToArray();
        var last = Averaged[^1];
        var importance = new float[Tokens.Count];
        foreach (var row in last)
            for (int k = 0; k < row.Length; k++) importance[k] += row[k] / last.Length;
        return importance;
    }
}

public sealed record Explanation(Prediction Prediction, AttentionMap Attention);

/// <summary>
/// A loaded model folder that classifies articles. Thread-safe: forward passes are serialised with a lock
/// (libtorch already spreads one pass over the intra-op threads, so parallel callers would only contend),
/// and each call runs under its own no_grad and dispose scope.
/// </summary>
public sealed class CustomTransformerPredictor : IArticleClassifier
{
    private readonly object _gate = new();
    private readonly LoadedCheckpoint _checkpoint;
    private readonly Device _device;
    private bool _disposed;

    private CustomTransformerPredictor(LoadedCheckpoint checkpoint, Device device)
    {
        _checkpoint = checkpoint;
        _device = device;
        _checkpoint.Model.to(device);
        _checkpoint.Model.eval();
    }

    public static CustomTransformerPredictor Load(string modelDirectory)
    {
        TorchRuntime.Initialize();
        return new CustomTransformerPredictor(ModelCheckpoint.Load(modelDirectory), TorchRuntime.Device);
    }

    public CheckpointManifest Manifest => _checkpoint.Manifest;
    public CustomTransformerConfig Config => _checkpoint.Model.Config;
    public IReadOnlyList<string> LabelNames => _checkpoint.Manifest.LabelNames;
    public TextVectorizer Vectorizer => _checkpoint.Vectorizer;
    public string Recipe => _checkpoint.Manifest.Recipe;

    IReadOnlyList<Prediction> IArticleClassifier.PredictBatch(IReadOnlyList<string> texts) => PredictBatch(texts);

    (Prediction Prediction, AttentionMap? Attention) IArticleClassifier.Explain(string text)
    {
        var explanation = Explain(text);
        return (explanation.Prediction, explanation.Attention);
    }

    public Prediction Predict(string text) => PredictBatch([text])[0];

    /// <summary>Probabilities for many articles, in input order; articles are grouped by length into batches when the model masks padding.</summary>
    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be positive.");
        var encoded = texts.Select((t, i) => Encode(t, texts.Count == 1 ? "text" : $"texts[{i}]")).ToArray();
        var results = new Prediction[texts.Count];
        var order = Enumerable.Range(0, texts.Count);
        if (Config.MaskPadding) order = order.OrderBy(i => encoded[i].Ids.Length);

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var noGrad = no_grad();
            foreach (var batch in order.Chunk(batchSize))
            {
                using var scope = NewDisposeScope();
                var x = Batch(encoded, batch);                                                    // (B, T)
                var probabilities = _checkpoint.Model.forward(x).softmax(-1).cpu().data<float>().ToArray(); // (B * classes)
                int k = Config.NumClasses;
                for (int r = 0; r < batch.Length; r++)
                {
                    var p = probabilities.AsSpan(r * k, k).ToArray();
                    var (ids, truncated) = encoded[batch[r]];
                    results[batch[r]] = new Prediction(LabelNames, p, Prediction.ArgMax(p), ids.Length, truncated);
                }
            }
        }
        return results;
    }

    /// <summary>Prediction plus per-head attention weights over the article's tokens.</summary>
    public Explanation Explain(string text)
    {
        var encoded = Encode(text, nameof(text));
        int n = encoded.Ids.Length;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var (logits, attention) = _checkpoint.Model.Forward(Batch([encoded], [0]), returnAttention: true);
            var p = logits.softmax(-1).cpu().data<float>().ToArray();
            var heads = new float[attention.Length][][][];
            var averaged = new float[attention.Length][][];
            for (int b = 0; b < attention.Length; b++)
            {
                var own = attention[b][0, .., ..n, ..n].cpu(); // (heads, n, n)
                heads[b] = Enumerable.Range(0, (int)own.shape[0]).Select(h => Rows(own[h])).ToArray();
                averaged[b] = Rows(own.mean([0]));
            }
            var tokens = TextVectorizer.Tokenize(text).Take(n).ToArray();
            var prediction = new Prediction(LabelNames, p, Prediction.ArgMax(p), n, encoded.Truncated);
            return new Explanation(prediction, new AttentionMap(tokens, heads, averaged));
        }
    }

    private (long[] Ids, bool Truncated) Encode(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("The article text is empty.", name);
        var ids = Vectorizer.EncodeUnpadded(text, Config.MaxLength, out bool truncated);
        if (ids.Length == 0) throw new ArgumentException("The article has no words once punctuation is removed.", name);
        return (ids, truncated);
    }

    /// <summary>A masked model needs padding only to the batch's longest article; the lesson's model saw every article padded to max length, so it gets the same.</summary>
    private Tensor Batch((long[] Ids, bool Truncated)[] encoded, int[] rows)
    {
        int length = Config.MaskPadding ? rows.Max(r => encoded[r].Ids.Length) : Config.MaxLength;
        var buffer = new long[rows.Length * length];
        for (int r = 0; r < rows.Length; r++) encoded[rows[r]].Ids.CopyTo(buffer, r * length);
        return tensor(buffer, [rows.Length, length], device: _device);
    }

    private static float[][] Rows(Tensor square)
    {
        int n = (int)square.shape[0];
        var flat = square.contiguous().data<float>().ToArray();
        return Enumerable.Range(0, n).Select(r => flat.AsSpan(r * n, n).ToArray()).ToArray();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _checkpoint.Dispose();
        }
    }
}
