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
                var predictions = _predictor.PredictBatch(batch.Select(b => b.Text).ToList());
                for (int i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(predictions[i]);
            }
            catch (ArgumentException)
            {
                // One bad article must not fail the others: classify them one by one to find it.
                foreach (var (text, done) in batch)
                {
                    try { done.TrySetResult(_predictor.Predict(text)); }
                    catch (Exception e) { done.TrySetException(e); }
                }
            }
            catch (Exception e)
            {
                foreach (var (_, done) in batch) done.TrySetException(e);
            }
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
