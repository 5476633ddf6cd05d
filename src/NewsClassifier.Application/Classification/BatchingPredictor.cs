using System.Threading.Channels;
using NewsClassifier.ML.Inference;

namespace NewsClassifier.Application.Classification;

/// <summary>
/// Groups concurrent single-article requests into one forward pass: the first request waits up to a
/// small window for others, then all are classified together. Under load this turns N forward passes
/// into one; alone, a request pays at most the window. The queue is bounded: past <c>maxQueued</c> waiting requests
/// a new one is refused as busy (<see cref="ClassificationBusyException"/>) instead of holding memory without limit.
/// </summary>
internal sealed class BatchingPredictor : IAsyncDisposable
{
    private readonly IArticleClassifier _predictor;
    private readonly int _maxBatch;
    private readonly TimeSpan _window;
    private readonly int _maxQueued;
    private readonly Channel<(string Text, TaskCompletionSource<Prediction> Done)> _queue;
    private readonly Task _loop;
    private volatile bool _closed;

    public BatchingPredictor(IArticleClassifier predictor, int maxBatch, TimeSpan window, int maxQueued = 256)
    {
        _predictor = predictor;
        _maxBatch = maxBatch;
        _window = window;
        _maxQueued = maxQueued;
        _queue = Channel.CreateBounded<(string, TaskCompletionSource<Prediction>)>(
            new BoundedChannelOptions(maxQueued) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(LoopAsync);
    }

    public IArticleClassifier Predictor => _predictor;

    public Task<Prediction> PredictAsync(string text, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<Prediction>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((text, done)))
        {
            if (_closed) throw new ObjectDisposedException(nameof(BatchingPredictor));
            throw new ClassificationBusyException(
                $"The classifier is busy: {_maxQueued} requests are already waiting for this model (Inference:MaxQueuedRequests); try again shortly.",
                TimeSpan.FromSeconds(1));
        }
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task LoopAsync()
    {
        var batch = new List<(string Text, TaskCompletionSource<Prediction> Done)>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var deadline = DateTime.UtcNow + _window;
            while (batch.Count < _maxBatch)
            {
                if (_queue.Reader.TryRead(out var item)) { batch.Add(item); continue; }
                var wait = deadline - DateTime.UtcNow;
                if (batch.Count > 0 && wait <= TimeSpan.Zero) break;
                if (wait > TimeSpan.Zero) await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
                else if (!await _queue.Reader.WaitToReadAsync()) break;
            }
            if (batch.Count == 0) continue;
            try
            {
                var outcomes = PredictEach(_predictor, batch.Select(b => b.Text).ToList());
                for (int i = 0; i < batch.Count; i++)
                {
                    if (outcomes[i].Error is { } error) batch[i].Done.TrySetException(error);
                    else batch[i].Done.TrySetResult(outcomes[i].Prediction!);
                }
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch) done.TrySetException(e);
            }
        }
    }

    /// <summary>A caller's own batch (the batch API): one call of the predictor's batched forward pass, beside the
    /// requests this predictor groups (the Torch predictors serialise their passes). Each article gets its prediction
    /// or the reason it could not be read.</summary>
    public Task<IReadOnlyList<(Prediction? Prediction, Exception? Error)>> PredictManyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        return Task.Run(() => PredictEach(_predictor, texts), cancellationToken);
    }

    /// <summary>All articles in one pass; when one is unreadable (<see cref="ArgumentException"/>) they are classified one by
    /// one so that one bad article does not fail the others. Any other failure (the model itself) is thrown.</summary>
    private static IReadOnlyList<(Prediction? Prediction, Exception? Error)> PredictEach(IArticleClassifier predictor, IReadOnlyList<string> texts)
    {
        try
        {
            return predictor.PredictBatch(texts).Select(p => ((Prediction?)p, (Exception?)null)).ToList();
        }
        catch (ArgumentException)
        {
            var outcomes = new List<(Prediction?, Exception?)>(texts.Count);
            foreach (var text in texts)
            {
                try { outcomes.Add((predictor.Predict(text), null)); }
                catch (Exception e) { outcomes.Add((null, e)); }
            }
            return outcomes;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        _queue.Writer.TryComplete();
        await _loop;
        _predictor.Dispose();
    }
}
