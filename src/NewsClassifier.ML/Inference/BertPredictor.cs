using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Text;
using NewsClassifier.ML.Training.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Inference;

/// <summary>
/// A BERT run's model folder (<see cref="BertRunCheckpoint"/>) that classifies articles. Thread-safe like
/// <see cref="CustomTransformerPredictor"/>: forward passes are serialised with a lock, each under no_grad and its own
/// dispose scope. Batches are sorted by length and padded to their longest article (the mask makes padding irrelevant).
/// </summary>
public sealed class BertPredictor : IArticleClassifier
{
    private readonly object _gate = new();
    private readonly LoadedBertRun _run;
    private readonly Device _device;
    private bool _disposed;

    private BertPredictor(LoadedBertRun run, Device device)
    {
        _run = run;
        _device = device;
        _run.Model.to(device);
        _run.Model.eval();
    }

    public static BertPredictor Load(string modelDirectory)
    {
        TorchRuntime.Initialize();
        return new BertPredictor(BertRunCheckpoint.Load(modelDirectory), TorchRuntime.Device);
    }

    public BertRunManifest Manifest => _run.Manifest;
    public string Recipe => _run.Manifest.Recipe;
    public IReadOnlyList<string> LabelNames => _run.Manifest.LabelNames;
    public int MaxLength => _run.Manifest.MaxLength;
    public BertTextTokenizer Tokenizer => _run.Tokenizer;

    IReadOnlyList<Prediction> IArticleClassifier.PredictBatch(IReadOnlyList<string> texts) => PredictBatch(texts);

    (Prediction Prediction, AttentionMap? Attention) IArticleClassifier.Explain(string text)
    {
        var explanation = Explain(text);
        return (explanation.Prediction, explanation.Attention);
    }

    public Prediction Predict(string text) => PredictBatch([text])[0];

    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be positive.");
        var encoded = texts.Select((t, i) => Encode(t, texts.Count == 1 ? "text" : $"texts[{i}]")).ToArray();
        var ids = encoded.Select(e => e.Ids).ToArray();
        var results = new Prediction[texts.Count];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var noGrad = no_grad();
            foreach (var batch in Enumerable.Range(0, texts.Count).OrderBy(i => ids[i].Length).Chunk(batchSize))
            {
                using var scope = NewDisposeScope();
                var (x, mask) = BertInputs.Batch(ids, batch, BertInputs.PaddedLength(batch.Max(i => ids[i].Length), MaxLength), _run.Tokenizer.PadId, _device);
                var probabilities = _run.Model.forward(x, mask).softmax(-1).cpu().data<float>().ToArray();
                int k = LabelNames.Count;
                for (int r = 0; r < batch.Length; r++)
                {
                    var p = probabilities.AsSpan(r * k, k).ToArray();
                    results[batch[r]] = new Prediction(LabelNames, p, Prediction.ArgMax(p), ids[batch[r]].Length, encoded[batch[r]].Truncated);
                }
            }
        }
        return results;
    }

    /// <summary>The prediction, every layer's and head's attention over the WordPiece tokens, and the attention rollout.</summary>
    public Explanation Explain(string text)
    {
        var (ids, truncated) = Encode(text, nameof(text));
        int n = ids.Length;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var (x, mask) = BertInputs.Batch([ids], [0], n, _run.Tokenizer.PadId, _device);
            var (logits, attentions) = _run.Model.Forward(x, mask, outputAttentions: true);
            var p = logits.softmax(-1).cpu().data<float>().ToArray();
            var heads = new float[attentions!.Count][][][];
            var averaged = new float[attentions.Count][][];
            var perLayer = new List<Tensor>(attentions.Count);
            for (int l = 0; l < attentions.Count; l++)
            {
                var own = attentions[l][0].cpu();                                  // (heads, n, n)
                heads[l] = Enumerable.Range(0, (int)own.shape[0]).Select(h => Rows(own[h])).ToArray();
                var mean = own.mean([0]);                                          // (n, n)
                averaged[l] = Rows(mean);
                perLayer.Add(mean);
            }
            var tokens = ids.Select(id => _run.Tokenizer.TokenOf((int)id)).ToArray();
            var prediction = new Prediction(LabelNames, p, Prediction.ArgMax(p), n, truncated);
            var map = new AttentionMap(tokens, heads, averaged) { Kind = AttentionTokenKind.WordPieces, Rollout = Rows(AttentionRollout(perLayer)) };
            return new Explanation(prediction, map);
        }
    }

    /// <summary>
    /// Attention rollout (Abnar &amp; Zuidema 2020): each layer's head-averaged attention plus the identity (the residual
    /// connection), rows renormalised to 1, multiplied from the first layer to the last. Input: per layer (n, n).
    /// </summary>
    public static Tensor AttentionRollout(IReadOnlyList<Tensor> headAveraged)
    {
        if (headAveraged.Count == 0) throw new ArgumentException("No layers.", nameof(headAveraged));
        using var scope = NewDisposeScope();
        long n = headAveraged[0].shape[0];
        var identity = eye(n, dtype: headAveraged[0].dtype, device: headAveraged[0].device);
        Tensor? rollout = null;
        foreach (var layer in headAveraged)
        {
            var withResidual = layer + identity;
            withResidual = withResidual / withResidual.sum(-1, keepdim: true);
            rollout = rollout is null ? withResidual : matmul(withResidual, rollout);
        }
        return rollout!.MoveToOuterDisposeScope();
    }

    private (long[] Ids, bool Truncated) Encode(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("The article text is empty.", name);
        return BertInputs.Encode(_run.Tokenizer, text, MaxLength);
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
            _run.Dispose();
        }
    }
}
