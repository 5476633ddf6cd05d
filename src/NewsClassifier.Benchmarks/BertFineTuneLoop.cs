using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Training.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.Benchmarks;

/// <summary>
/// The benchmark's own fine-tuning step for <see cref="BertForSequenceClassification"/>: AdamW on every parameter,
/// cross-entropy on the logits, gradient clipping, exactly what reference/bert_reference.py does, so both engines run
/// the same arithmetic. It is the only place the benchmark trains: swapping in the app's BERT trainer means replacing
/// <see cref="Step"/> with that trainer's per-batch step (same inputs: token rows, padded length, labels). With a
/// <see cref="Bf16Copy"/> it trains as the app's <c>precision=bf16</c> does: the copy forwards and backwards, the fp32
/// master is clipped and stepped.
/// </summary>
internal sealed class BertFineTuneLoop : IDisposable
{
    private readonly BertForSequenceClassification _model;
    private readonly optim.Optimizer _optimizer;
    private readonly double _gradientClip;
    private readonly long _padId;
    private readonly Bf16Copy? _bf16;

    public BertFineTuneLoop(BertForSequenceClassification model, double learningRate, double weightDecay, double gradientClip, long padId, Bf16Copy? bf16 = null)
    {
        _model = model;
        _bf16 = bf16;
        bf16?.Model.train();
        _gradientClip = gradientClip;
        _padId = padId;
        _optimizer = optim.AdamW(model.parameters(), learningRate, weight_decay: weightDecay);
        model.train();
    }

    /// <summary>Seconds spent so far in forward (padding, model, loss), backward, and clipping + optimiser step.</summary>
    public (double Forward, double Backward, double Update) Time => (_forward, _backward, _update);

    private double _forward, _backward, _update;

    /// <summary>One optimiser step on <paramref name="rows"/> padded to <paramref name="length"/>; returns the loss.</summary>
    public double Step(IReadOnlyList<long[]> rows, int length, IReadOnlyList<long> labels)
    {
        // CPU kernels run synchronously, so the clock between calls splits the step honestly.
        long t0 = Stopwatch.GetTimestamp();
        using var scope = NewDisposeScope();
        var (ids, mask) = BertBatch.Pad(rows, length, _padId);
        var y = tensor(labels.ToArray());
        _optimizer.zero_grad();
        _bf16?.SyncWeights();
        var loss = nn.functional.cross_entropy(_bf16 is null ? _model.forward(ids, mask) : _bf16.Forward(ids, mask), y);
        long t1 = Stopwatch.GetTimestamp();
        loss.backward();
        _bf16?.CopyGradients();
        long t2 = Stopwatch.GetTimestamp();
        if (_gradientClip > 0) nn.utils.clip_grad_norm_(_model.parameters(), _gradientClip);
        _optimizer.step();
        double value = loss.item<float>();
        long t3 = Stopwatch.GetTimestamp();
        _forward += Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
        _backward += Stopwatch.GetElapsedTime(t1, t2).TotalSeconds;
        _update += Stopwatch.GetElapsedTime(t2, t3).TotalSeconds;
        return value;
    }

    /// <summary>Forgets the split so far (after the warm-up steps).</summary>
    public void ResetTime() => _forward = _backward = _update = 0;

    public void Dispose() => _optimizer.Dispose();
}
