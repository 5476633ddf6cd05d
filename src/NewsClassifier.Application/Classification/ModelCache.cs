using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Classification;

/// <summary>
/// Loaded models by run id, bounded (least recently used unloaded first). Loading reads the model
/// folder once, with the predictor of the recipe that trained it; later requests reuse it. Singleton.
/// </summary>
public sealed class ModelCache(IOptions<InferenceOptions> options) : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<int, (Lazy<BatchingPredictor> Model, long LastUse)> _models = new();
    private long _clock;

    public int Count
    {
        get { lock (_gate) return _models.Count; }
    }

    internal BatchingPredictor Get(int runId, string modelDirectory)
    {
        Lazy<BatchingPredictor> model;
        List<Lazy<BatchingPredictor>> evicted = new();
        lock (_gate)
        {
            if (_models.TryGetValue(runId, out var entry)) model = entry.Model;
            else
            {
                var o = options.Value;
                model = new Lazy<BatchingPredictor>(() => new BatchingPredictor(
                    RecipeCatalog.Load(modelDirectory), o.MaxBatchSize, TimeSpan.FromMilliseconds(o.BatchWindowMilliseconds)));
                while (_models.Count >= o.CachedModels)
                {
                    var oldest = _models.MinBy(m => m.Value.LastUse);
                    _models.Remove(oldest.Key);
                    evicted.Add(oldest.Value.Model);
                }
            }
            _models[runId] = (model, ++_clock);
        }
        // Unloading waits for a forward pass in progress (the predictor's lock), outside our lock.
        foreach (var old in evicted.Where(e => e.IsValueCreated)) _ = old.Value.DisposeAsync().AsTask();
        try
        {
            return model.Value;
        }
        catch
        {
            lock (_gate) _models.Remove(runId); // a broken folder is retried on the next request
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Lazy<BatchingPredictor>> all;
        lock (_gate)
        {
            all = _models.Values.Select(v => v.Model).ToList();
            _models.Clear();
        }
        foreach (var model in all.Where(m => m.IsValueCreated)) await model.Value.DisposeAsync();
    }
}
