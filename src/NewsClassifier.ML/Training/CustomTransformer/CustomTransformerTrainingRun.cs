using NewsClassifier.ML.Training.Resume;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.CustomTransformer;

/// <summary>
/// The custom transformer's part of <see cref="EpochLoop"/>: one batch per optimiser step (length buckets or
/// <c>custom-lesson</c>'s fixed padding), a LambdaLR schedule, evaluation by <see cref="Trainer.Evaluate"/> and <see cref="ModelCheckpoint"/>
/// folders. The caller owns (and disposes) the model and the optimiser.
/// </summary>
internal sealed class CustomTransformerTrainingRun(
    CustomTransformerClassifier model,
    TextVectorizer vectorizer,
    optim.Optimizer optimizer,
    HyperParameters hp,
    TrainingData data,
    long[][] ids,
    int[] lengths,
    IReadOnlyList<int> trainIndices,
    IReadOnlyList<int> validationIndices,
    int totalSteps,
    Device device) : ITorchTrainingRun
{
    private readonly Random _random = new(hp.Seed);
    private readonly optim.lr_scheduler.LRScheduler _scheduler =
        optim.lr_scheduler.LambdaLR(optimizer, step => Trainer.LearningRateFactor(hp, step, totalSteps));
    private readonly IReadOnlyDictionary<string, string> _parameters = ParameterSet.ToStrings(hp);
    private List<int[]> _batches = [];

    public nn.Module Model => model;

    public optim.Optimizer Optimizer => optimizer;

    public Generator Generator => model.Generator;

    public ResumeIdentity Identity { get; } = ResumeIdentity.Of(hp.Recipe, ParameterSet.ToStrings(hp), data, trainIndices, validationIndices, model);

    /// <summary>LambdaLR keeps its position as a count of its steps: step it as many times as the optimiser stepped.</summary>
    public void RestoreSchedule(int globalStep)
    {
        for (int i = 0; i < globalStep; i++) _scheduler.step();
    }

    public int BeginEpoch(int epoch)
    {
        model.train();
        _batches = LengthBatcher.Batches(trainIndices, lengths, hp.BatchSize, hp.BucketByLength, _random);
        return _batches.Count;
    }

    public TrainingStep Step(int stepInEpoch, int globalStep)
    {
        var batch = _batches[stepInEpoch];
        using var scope = NewDisposeScope();
        var x = Trainer.Pad(ids, batch, hp.BucketByLength ? Trainer.MaxLength(lengths, batch) : hp.MaxLength, device);
        var y = tensor(batch.Select(i => (long)data.Labels[i]).ToArray(), device: device);
        x = TokenDropout.Apply(x, hp.TokenDropout, model.Generator);

        optimizer.zero_grad();
        var logits = model.forward(x);
        var loss = nn.functional.cross_entropy(logits, y, label_smoothing: hp.LabelSmoothing);
        loss.backward();
        if (hp.GradientClip > 0) nn.utils.clip_grad_norm_(model.parameters(), hp.GradientClip);
        double lr = hp.LearningRate * Trainer.LearningRateFactor(hp, globalStep, totalSteps);
        optimizer.step();
        _scheduler.step();

        double lossValue = loss.item<float>();
        int correct = (int)logits.argmax(1).eq(y).sum().item<long>();
        return new TrainingStep(lossValue, lr, batch.Length, correct);
    }

    public (double Loss, ClassificationMetrics Metrics) Evaluate() =>
        Trainer.Evaluate(model, ids, lengths, data.Labels, validationIndices, data.LabelNames, hp, device);

    public void Save(string directory, int epoch, ClassificationMetrics metrics) =>
        ModelCheckpoint.Save(directory, model, vectorizer, new CheckpointManifest
        {
            Model = model.Config,
            Recipe = hp.Recipe,
            HyperParameters = _parameters,
            LabelNames = data.LabelNames,
            Epoch = epoch,
            ValidationMetrics = metrics,
        });
}
