using System.Diagnostics;
using NewsClassifier.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.CustomTransformer;

/// <summary>
/// Trains the custom transformer on labelled articles: adapts the vectoriser, builds the model and optimiser, and hands
/// the epochs to <see cref="EpochLoop"/> (<see cref="RunFolders"/> says where checkpoints go). Synchronous and
/// CPU/GPU-bound: callers (a Hangfire job, the CLI, a benchmark) run it on their own thread.
/// Same seed, same data, same thread count on CPU => identical losses.
/// </summary>
public static class Trainer
{
    public static TrainingResult Train(TrainingData data, HyperParameters hp, string artifactDirectory,
        ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        data.Validate();
        var (train, validation) = StratifiedSplit.Split(data.Labels, hp.ValidationFraction, hp.Seed);
        return Train(data, train, validation, hp, artifactDirectory, observer, cancellationToken);
    }

    /// <summary>Trains on the given index sets of <paramref name="data"/> (e.g. a split fixed by a dataset snapshot).</summary>
    public static TrainingResult Train(TrainingData data, IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices,
        HyperParameters hp, string artifactDirectory, ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        data.ValidateSplit(trainIndices, validationIndices);
        observer ??= NullTrainingObserver.Instance;
        TorchRuntime.Initialize();
        var device = TorchRuntime.Device;
        var clock = Stopwatch.StartNew();

        var vectorizer = TextVectorizer.Adapt(trainIndices.Select(i => data.Texts[i]), hp.VocabSize, hp.Subwords, cancellationToken);
        var ids = data.Texts.Select(t => vectorizer.EncodeUnpadded(t, hp.MaxLength)).ToArray();
        var lengths = ids.Select(a => a.Length).ToArray();
        observer.OnLog($"{trainIndices.Count} training and {validationIndices.Count} validation articles; vocabulary {vectorizer.VocabularySize:N0} {(hp.Subwords ? "word pieces" : "words")}; " +
                       $"mean length {trainIndices.Average(i => lengths[i]):F1} tokens (max {hp.MaxLength}).");

        var config = hp.ModelConfig(vectorizer.VocabularySize, data.LabelNames.Count);
        using var model = new CustomTransformerClassifier(config, hp.Seed);
        if (hp.EmbeddingInit == EmbeddingInit.Lsa) StartFromLsa(model, ids, trainIndices, hp, observer, cancellationToken);
        model.to(device);
        var summary = ModelSummary.Of(model);
        observer.OnLog($"Model: {summary.TotalParameters:N0} parameters; recipe {hp.Recipe}; device {device}; {torch.get_num_threads()} threads.");

        using var optimizer = CreateOptimizer(model, hp);
        int stepsPerEpoch = (trainIndices.Count + hp.BatchSize - 1) / hp.BatchSize;
        int totalSteps = stepsPerEpoch * hp.Epochs;
        var run = new CustomTransformerTrainingRun(model, vectorizer, optimizer, hp, data, ids, lengths, trainIndices, validationIndices, totalSteps, device);
        return EpochLoop.Run(run, new EpochLoopSettings(hp.Epochs, totalSteps, hp.EarlyStoppingPatience, hp.Monitor, hp.TargetAccuracy),
            artifactDirectory, summary, clock, observer, cancellationToken);
    }

    private static void StartFromLsa(CustomTransformerClassifier model, long[][] ids, IReadOnlyList<int> trainIndices, HyperParameters hp,
        ITrainingObserver observer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (vectors, components) = LsaEmbedding.Compute(ids, trainIndices, model.Config.VocabSize, model.Config.EmbedDim, hp.Seed, cancellationToken);
        using (vectors) model.StartTokenEmbeddingsFrom(vectors, components);
        observer.OnLog($"Word embeddings start from {components} LSA components of the training articles ({clock.Elapsed.TotalSeconds:F1} s).");
    }

    /// <summary>Mean cross-entropy (without label smoothing) and metrics, in eval mode without gradients.</summary>
    public static (double Loss, ClassificationMetrics Metrics) Evaluate(CustomTransformerClassifier model, long[][] ids, int[] lengths,
        IReadOnlyList<int> labels, IReadOnlyList<int> indices, IReadOnlyList<string> labelNames, HyperParameters hp, Device device)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            double lossSum = 0;
            var actual = new List<int>(indices.Count);
            var predicted = new List<int>(indices.Count);
            foreach (var batch in LengthBatcher.EvaluationBatches(indices, lengths, Math.Max(hp.BatchSize, 256), hp.BucketByLength))
            {
                using var scope = NewDisposeScope();
                var x = Pad(ids, batch, hp.BucketByLength ? MaxLength(lengths, batch) : hp.MaxLength, device);
                var y = tensor(batch.Select(i => (long)labels[i]).ToArray(), device: device);
                var logits = model.forward(x);
                lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                actual.AddRange(batch.Select(i => labels[i]));
                predicted.AddRange(logits.argmax(1).cpu().data<long>().ToArray().Select(p => (int)p));
            }
            return (lossSum / indices.Count, Metrics.Compute(actual, predicted, labelNames));
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Warm-up from 0 over <c>warmup_fraction</c> of all steps, then constant, linear or cosine decay to 0.</summary>
    public static double LearningRateFactor(HyperParameters hp, int step, int totalSteps)
    {
        int warmup = (int)Math.Round(hp.WarmupFraction * totalSteps);
        if (step < warmup) return (step + 1.0) / warmup;
        if (hp.Schedule == LearningRateSchedule.Constant) return 1.0;
        double progress = Math.Clamp((double)(step - warmup) / Math.Max(1, totalSteps - warmup), 0, 1);
        return hp.Schedule == LearningRateSchedule.Linear ? 1 - progress : 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    public static optim.Optimizer CreateOptimizer(CustomTransformerClassifier model, HyperParameters hp) => hp.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(model.parameters(), hp.LearningRate, weight_decay: hp.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(model.parameters(), hp.LearningRate, weight_decay: hp.WeightDecay),
        OptimizerKind.Sgd => optim.SGD(model.parameters(), hp.LearningRate, momentum: hp.Momentum, weight_decay: hp.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(hp), hp.Optimizer, "Unknown optimizer."),
    };

    /// <summary>(B, T) ids, right-padded with 0; longer rows were already truncated by the vectoriser.</summary>
    internal static Tensor Pad(long[][] ids, int[] batch, int length, Device device)
    {
        length = Math.Max(length, 1);
        var buffer = new long[batch.Length * length];
        for (int r = 0; r < batch.Length; r++)
        {
            var row = ids[batch[r]];
            Array.Copy(row, 0, buffer, r * length, Math.Min(row.Length, length));
        }
        return tensor(buffer, [batch.Length, length], device: device);
    }

    internal static int MaxLength(int[] lengths, int[] batch) => batch.Max(i => lengths[i]);
}
