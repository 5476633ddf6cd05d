using System.Diagnostics;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Classification;

/// <summary>
/// Loaded models by run id, bounded (least recently used evicted first). Loading reads the model folder once, with
/// the predictor of the recipe that trained it; later requests reuse it. Singleton.
/// <para>Every use is a <see cref="ModelLease"/>: an evicted model is disposed only when its last lease is released
/// (a request in flight never sees a disposed predictor), and one evicted while still loading is disposed when the
/// load ends. Models in memory (cached, or evicted but still leased, or loading) never exceed
/// <c>Inference:CachedModels</c>: a request that finds every slot in use waits for one (up to
/// <c>LoadWaitMilliseconds</c>, then it is refused as busy). At most <c>MaxConcurrentLoads</c> folders are read at once,
/// and a failed load is not cached (the next request tries again).</para>
/// </summary>
public sealed class ModelCache : IAsyncDisposable
{
    private readonly IOptions<InferenceOptions> _options;
    private readonly Func<string, IArticleClassifier> _load;
    private readonly SemaphoreSlim _loads;
    private readonly object _gate = new();
    private readonly Dictionary<int, Entry> _cached = new();
    private TaskCompletionSource _roomFreed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _alive;
    private long _clock;
    private bool _disposed;

    public ModelCache(IOptions<InferenceOptions> options) : this(options, RecipeCatalog.Load) { }

    /// <summary>With the loader given (tests observe loads and disposals through it).</summary>
    internal ModelCache(IOptions<InferenceOptions> options, Func<string, IArticleClassifier> load)
    {
        _options = options;
        _load = load;
        _loads = new SemaphoreSlim(options.Value.MaxConcurrentLoads);
    }

    /// <summary>Models the cache holds (loaded or loading).</summary>
    public int Count
    {
        get { lock (_gate) return _cached.Count; }
    }

    /// <summary>Models in memory or being loaded: the cached ones plus evicted ones still leased.</summary>
    public int Alive
    {
        get { lock (_gate) return _alive; }
    }

    internal sealed class Entry(int runId)
    {
        public int RunId { get; } = runId;
        public Task<BatchingPredictor> Load { get; set; } = null!;
        /// <summary>Set (under the cache's lock) when the load succeeded.</summary>
        public BatchingPredictor? Model { get; set; }
        public int Leases { get; set; }
        public long LastUse { get; set; }
        public bool Evicted { get; set; }
        public bool Unloading { get; set; }
    }

    /// <summary>The model of the run, loaded if needed; dispose the lease when done with it.</summary>
    public async Task<ModelLease> LeaseAsync(int runId, string modelDirectory, CancellationToken cancellationToken)
    {
        var o = _options.Value;
        var started = Stopwatch.GetTimestamp();
        Entry entry;
        while (true)
        {
            Task roomFreed;
            var unload = new List<Entry>();
            bool got = false;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_cached.TryGetValue(runId, out var hit))
                {
                    entry = hit;
                    got = true;
                }
                else
                {
                    while (_cached.Count >= o.CachedModels)
                    {
                        var oldest = _cached.Values.MinBy(e => e.LastUse)!;
                        _cached.Remove(oldest.RunId);
                        oldest.Evicted = true;
                        if (StartUnload(oldest)) unload.Add(oldest);
                    }
                    if (_alive < o.CachedModels)
                    {
                        entry = new Entry(runId);
                        _cached[runId] = entry;
                        _alive++;
                        entry.Load = Task.Run(() => LoadAsync(entry, modelDirectory, o));
                        got = true;
                    }
                    else entry = null!;
                }
                if (got)
                {
                    entry.Leases++;
                    entry.LastUse = ++_clock;
                }
                roomFreed = _roomFreed.Task;
            }
            foreach (var old in unload) Unload(old);
            if (got) break;
            // Every slot holds a model in use (evicted, waiting for its last lease) or loading: wait for one to be freed.
            var left = TimeSpan.FromMilliseconds(o.LoadWaitMilliseconds) - Stopwatch.GetElapsedTime(started);
            try
            {
                if (left <= TimeSpan.Zero) throw new TimeoutException();
                await roomFreed.WaitAsync(left, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new ClassificationBusyException(
                    $"The classifier is busy: all {o.CachedModels} model slots (Inference:CachedModels) are in use; try again shortly.", TimeSpan.FromSeconds(1));
            }
        }
        try
        {
            return new ModelLease(this, entry, await entry.Load.WaitAsync(cancellationToken));
        }
        catch
        {
            Release(entry);
            throw;
        }
    }

    private async Task<BatchingPredictor> LoadAsync(Entry entry, string modelDirectory, InferenceOptions o)
    {
        IArticleClassifier classifier;
        await _loads.WaitAsync();
        try
        {
            classifier = _load(modelDirectory);
        }
        catch
        {
            // Not cached: a broken folder is tried again on the next request.
            lock (_gate)
            {
                if (_cached.TryGetValue(entry.RunId, out var cached) && cached == entry) _cached.Remove(entry.RunId);
                entry.Evicted = true;
                _alive--;
                SignalRoom();
            }
            throw;
        }
        finally
        {
            _loads.Release();
        }
        var model = new BatchingPredictor(classifier, o.MaxBatchSize, TimeSpan.FromMilliseconds(o.BatchWindowMilliseconds), o.MaxQueuedRequests);
        bool unloadNow;
        lock (_gate)
        {
            entry.Model = model;
            // Evicted while loading and every requester gave up: nobody will release it, so free it now.
            unloadNow = StartUnload(entry);
        }
        if (unloadNow) Unload(entry);
        return model;
    }

    internal void Release(Entry entry)
    {
        bool unload;
        lock (_gate)
        {
            entry.Leases--;
            unload = StartUnload(entry);
        }
        if (unload) Unload(entry);
    }

    /// <summary>Under the lock: whether the entry is now to be unloaded (evicted, loaded, unleased, not already going).</summary>
    private static bool StartUnload(Entry entry)
    {
        if (!entry.Evicted || entry.Leases > 0 || entry.Model is null || entry.Unloading) return false;
        entry.Unloading = true;
        return true;
    }

    /// <summary>Disposes outside the lock (it waits for a forward pass in progress) and frees the slot after.</summary>
    private void Unload(Entry entry) => _ = Task.Run(async () =>
    {
        try
        {
            await entry.Model!.DisposeAsync();
        }
        finally
        {
            lock (_gate)
            {
                _alive--;
                SignalRoom();
            }
        }
    });

    /// <summary>Under the lock: wakes every request waiting for a slot (each tries again).</summary>
    private void SignalRoom()
    {
        var freed = _roomFreed;
        _roomFreed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        freed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        List<BatchingPredictor> idle = new();
        lock (_gate)
        {
            _disposed = true;
            foreach (var entry in _cached.Values)
            {
                entry.Evicted = true;
                // Leased ones go when their last lease is released; loading ones when their load ends.
                if (StartUnload(entry)) idle.Add(entry.Model!);
            }
            _cached.Clear();
        }
        foreach (var model in idle) await model.DisposeAsync();
    }
}
