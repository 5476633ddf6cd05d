using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using NewsClassifier.Application.Classification;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.Application.Tests.Classification;

/// <summary>Leases on cached models: nothing in use is disposed, evictions while loading are freed, the number of
/// models in memory and of loads at once stays bounded, failed loads are not cached, a full queue is refused.</summary>
public class ModelCacheLeaseTests(InferenceTests.TinyModelFolder model) : IClassFixture<InferenceTests.TinyModelFolder>
{
    /// <summary>The real tiny model, with its disposal and concurrent loads observed.</summary>
    private sealed class Loads(string folder)
    {
        private int _loading;
        private int _started;
        public ConcurrentBag<Tracked> All { get; } = new();
        public int MostAtOnce;
        public int Started => Volatile.Read(ref _started);
        public volatile TaskCompletionSource? Gate;

        public IArticleClassifier Load(string directory)
        {
            Interlocked.Increment(ref _started);
            int now = Interlocked.Increment(ref _loading);
            InterlockedMax(ref MostAtOnce, now);
            try
            {
                Gate?.Task.Wait(TimeSpan.FromSeconds(30));
                if (directory != folder) throw new DirectoryNotFoundException($"No model in {directory}.");
                var tracked = new Tracked(CustomTransformerPredictor.Load(directory));
                All.Add(tracked);
                return tracked;
            }
            finally { Interlocked.Decrement(ref _loading); }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
        }
    }

    private sealed class Tracked(IArticleClassifier inner) : IArticleClassifier
    {
        public volatile bool Disposed;
        public string Recipe => inner.Recipe;
        public IReadOnlyList<string> LabelNames => inner.LabelNames;

        public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            return inner.PredictBatch(texts);
        }

        public void Dispose()
        {
            Disposed = true;
            inner.Dispose();
        }
    }

    private static IOptions<InferenceOptions> Options(int cached, int loads = 2, int queued = 256, int waitMs = 30_000) =>
        Microsoft.Extensions.Options.Options.Create(new InferenceOptions
        {
            CachedModels = cached, MaxConcurrentLoads = loads, MaxQueuedRequests = queued, LoadWaitMilliseconds = waitMs, BatchWindowMilliseconds = 1,
        });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }

    [Fact]
    public async Task A_lease_held_across_an_eviction_still_predicts_and_the_model_goes_when_it_is_released()
    {
        var loads = new Loads(model.ModelDirectory);
        await using var cache = new ModelCache(Options(cached: 1), loads.Load);
        var held = await cache.LeaseAsync(1, model.ModelDirectory, CancellationToken.None);
        var first = (Tracked)held.Predictor;

        // Run 2 evicts run 1, but run 1 is leased: the new load waits for its slot (one model in memory at most).
        var second = cache.LeaseAsync(2, model.ModelDirectory, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        Assert.False(first.Disposed);
        var answer = await held.Model.PredictAsync("Stocks rallied on Wall Street", CancellationToken.None);
        Assert.Equal(1.0, answer.Probabilities.Sum(), 3);

        held.Dispose();
        using var lease2 = await second.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => first.Disposed);
        Assert.Equal(1, cache.Alive);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task A_model_evicted_while_loading_is_disposed_when_its_load_ends()
    {
        var firstGate = new TaskCompletionSource();
        var loads = new Loads(model.ModelDirectory) { Gate = firstGate };
        await using var cache = new ModelCache(Options(cached: 2), loads.Load);
        using var cancel = new CancellationTokenSource();
        var loading = cache.LeaseAsync(1, model.ModelDirectory, cancel.Token);
        await WaitUntilAsync(() => loads.Started == 1);
        cancel.Cancel(); // its only requester gives up while the folder is being read
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loading);
        loads.Gate = null;

        using (await cache.LeaseAsync(2, model.ModelDirectory, CancellationToken.None)) { }
        // Run 3 evicts run 1 (least recently used, still loading); both slots stay taken until that load ends.
        var third = cache.LeaseAsync(3, model.ModelDirectory, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, cache.Alive);

        firstGate.SetResult();
        using var lease3 = await third.WaitAsync(TimeSpan.FromSeconds(10));
        var first = Assert.Single(loads.All, t => t.Disposed);
        Assert.NotSame(first, lease3.Predictor);
        Assert.Equal(3, loads.All.Count);
        Assert.Equal(2, cache.Alive);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task A_failed_load_is_not_cached_and_frees_its_slot()
    {
        var loads = new Loads(model.ModelDirectory);
        await using var cache = new ModelCache(Options(cached: 1), loads.Load);
        var missing = Path.Combine(model.Root, "no-such-model");
        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => cache.LeaseAsync(7, missing, CancellationToken.None));
        Assert.Contains("no-such-model", error.Message);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Alive);

        using var lease = await cache.LeaseAsync(7, model.ModelDirectory, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1.0, (await lease.Model.PredictAsync("Rain stopped play", CancellationToken.None)).Probabilities.Sum(), 3);
    }

    [Fact]
    public async Task Sixty_four_concurrent_requests_over_more_models_than_the_cache_holds_are_all_answered_or_refused_as_busy()
    {
        var loads = new Loads(model.ModelDirectory);
        await using var cache = new ModelCache(Options(cached: 2, loads: 1, waitMs: 20_000), loads.Load);
        int mostAlive = 0;
        using var stop = new CancellationTokenSource();
        var monitor = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                mostAlive = Math.Max(mostAlive, loads.All.Count(t => !t.Disposed));
                await Task.Delay(1);
            }
        });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            try
            {
                using var lease = await cache.LeaseAsync(1 + i % 5, model.ModelDirectory, CancellationToken.None);
                var prediction = await lease.Model.PredictAsync($"Article {i}: the team won the cup final", CancellationToken.None);
                return Math.Abs(prediction.Probabilities.Sum() - 1) < 1e-3 ? "answered" : "bad probabilities";
            }
            catch (ClassificationBusyException e) { return e.Message.Contains("Inference:CachedModels") ? "busy" : e.Message; }
            catch (Exception e) { return e.GetType().Name + ": " + e.Message; }
        })));
        stop.Cancel();
        await monitor;

        Assert.All(outcomes, o => Assert.True(o is "answered" or "busy", o));
        Assert.Contains("answered", outcomes);
        Assert.InRange(mostAlive, 1, 2);
        Assert.Equal(1, loads.MostAtOnce);
        Assert.InRange(cache.Alive, 0, 2);
        // Every evicted model has been disposed: what is left undisposed is exactly what the cache still counts.
        await WaitUntilAsync(() => loads.All.Count(t => !t.Disposed) == cache.Alive);
    }

    [Fact]
    public async Task A_full_queue_refuses_a_request_as_busy_and_answers_the_queued_ones()
    {
        var gate = new TaskCompletionSource();
        var blocking = new Blocking(CustomTransformerPredictor.Load(model.ModelDirectory), gate.Task);
        await using var batching = new BatchingPredictor(blocking, maxBatch: 1, TimeSpan.Zero, maxQueued: 2);
        var running = batching.PredictAsync("first", CancellationToken.None);
        await WaitUntilAsync(() => blocking.Entered);
        var queued = new[] { batching.PredictAsync("second", CancellationToken.None), batching.PredictAsync("third", CancellationToken.None) };

        var refused = Assert.Throws<ClassificationBusyException>(() => { _ = batching.PredictAsync("fourth", CancellationToken.None); });
        Assert.Equal("The classifier is busy: 2 requests are already waiting for this model (Inference:MaxQueuedRequests); try again shortly.", refused.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);

        gate.SetResult();
        var answers = await Task.WhenAll(queued.Prepend(running)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, answers.Length);
        Assert.Equal(["first", "second", "third"], blocking.Seen);
    }

    /// <summary>Holds the first forward pass until the gate opens, so the queue fills behind it.</summary>
    private sealed class Blocking(IArticleClassifier inner, Task gate) : IArticleClassifier
    {
        public volatile bool Entered;
        public ConcurrentQueue<string> Seen { get; } = new();
        public string Recipe => inner.Recipe;
        public IReadOnlyList<string> LabelNames => inner.LabelNames;

        public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts)
        {
            Entered = true;
            gate.Wait(TimeSpan.FromSeconds(30));
            foreach (var t in texts) Seen.Enqueue(t);
            return inner.PredictBatch(texts);
        }

        public void Dispose() => inner.Dispose();
    }
}
