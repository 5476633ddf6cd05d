using NewsClassifier.ML.Explain;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Inference;

/// <summary>
/// A loaded TorchSharp model folder that classifies articles: batching, softmax, the top label and disposal are shared;
/// a family supplies how an article becomes token ids, how a batch of them becomes logits, and its attention view.
/// Thread-safe: forward passes are serialised with a lock (libtorch already spreads one pass over the intra-op threads,
/// so parallel callers would only contend), each under no_grad and its own dispose scope.
/// </summary>
public abstract class TorchPredictor<TManifest> : IArticleClassifier where TManifest : RunManifest
{
    private readonly object _gate = new();
    private readonly IDisposable _owner;
    private bool _disposed;

    /// <param name="owner">Disposed with the predictor (the loaded checkpoint that holds <paramref name="model"/>).</param>
    protected TorchPredictor(nn.Module model, IDisposable owner, TManifest manifest, Device device)
    {
        _owner = owner;
        Manifest = manifest;
        Device = device;
        model.to(device);
        model.eval();
    }

    public TManifest Manifest { get; }
    public string Recipe => Manifest.Recipe;
    public IReadOnlyList<string> LabelNames => Manifest.LabelNames;
    protected Device Device { get; }

    /// <summary>Articles per forward pass when the caller does not say.</summary>
    protected abstract int DefaultBatchSize { get; }

    /// <summary>Whether batches group articles of similar length (only worth it when padding is masked and trimmed).</summary>
    protected abstract bool BatchesByLength { get; }

    /// <summary>The article's token ids (at most the model's length) or <see cref="ArgumentException"/> naming <paramref name="name"/>.</summary>
    protected abstract (long[] Ids, bool Truncated) Encode(string? text, string name);

    /// <summary>(B, classes) logits of the articles <paramref name="rows"/> of <paramref name="ids"/>.</summary>
    protected abstract Tensor Logits(long[][] ids, int[] rows);

    /// <summary>The prediction with the attention behind it.</summary>
    public abstract Explanation Explain(string text);

    /// <summary>Integrated-gradients scores of the article's tokens for the predicted class (<see cref="IntegratedGradients"/>).</summary>
    public abstract TokenAttributions Attribute(string text, int steps = IntegratedGradients.DefaultSteps);

    public Prediction Predict(string text) => PredictBatch([text])[0];

    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts) => PredictBatch(texts, DefaultBatchSize);

    /// <summary>Probabilities for many articles, in input order.</summary>
    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be positive.");
        var encoded = texts.Select((t, i) => Encode(t, texts.Count == 1 ? "text" : $"texts[{i}]")).ToArray();
        var ids = encoded.Select(e => e.Ids).ToArray();
        var results = new Prediction[texts.Count];
        var order = Enumerable.Range(0, texts.Count);
        if (BatchesByLength) order = order.OrderBy(i => ids[i].Length);
        return Locked(() =>
        {
            foreach (var batch in order.Chunk(batchSize))
            {
                using var scope = NewDisposeScope();
                var probabilities = Logits(ids, batch).softmax(-1).cpu().data<float>().ToArray(); // (B * classes)
                int k = LabelNames.Count;
                for (int r = 0; r < batch.Length; r++)
                    results[batch[r]] = PredictionOf(probabilities.AsSpan(r * k, k).ToArray(), ids[batch[r]].Length, encoded[batch[r]].Truncated);
            }
            return results;
        });
    }

    (Prediction Prediction, AttentionMap? Attention) IArticleClassifier.Explain(string text)
    {
        var explanation = Explain(text);
        return (explanation.Prediction, explanation.Attention);
    }

    TokenAttributions? IArticleClassifier.Attribute(string text) => Attribute(text);

    /// <summary>Runs <paramref name="work"/> under the lock and no_grad, refusing once disposed.</summary>
    protected T Locked<T>(Func<T> work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var noGrad = no_grad();
            return work();
        }
    }

    protected Prediction PredictionOf(float[] probabilities, int tokenCount, bool truncated) =>
        new(LabelNames, probabilities, Prediction.ArgMax(probabilities), tokenCount, truncated);

    /// <summary>An (n, n) tensor as n rows.</summary>
    protected static float[][] Rows(Tensor square)
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
            _owner.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
