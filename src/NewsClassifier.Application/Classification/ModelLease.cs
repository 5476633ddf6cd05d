namespace NewsClassifier.Application.Classification;

/// <summary>
/// The use of one loaded model, from <see cref="ModelCache.LeaseAsync"/>: while any lease on it is open the model is
/// not disposed, even when the cache evicts it; disposing the last lease of an evicted model unloads it. Dispose once.
/// </summary>
public sealed class ModelLease : IDisposable
{
    private readonly ModelCache _cache;
    private readonly ModelCache.Entry _entry;
    private int _released;

    internal ModelLease(ModelCache cache, ModelCache.Entry entry, BatchingPredictor model)
    {
        _cache = cache;
        _entry = entry;
        Model = model;
    }

    internal BatchingPredictor Model { get; }

    /// <summary>The loaded classifier, for callers that run their own batches (dataset scoring).</summary>
    public ML.Inference.IArticleClassifier Predictor => Model.Predictor;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) _cache.Release(_entry);
    }
}
