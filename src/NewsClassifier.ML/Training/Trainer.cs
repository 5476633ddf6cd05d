using System.Diagnostics;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Training;

/// <summary>
/// Trains the custom transformer on labelled articles. Synchronous and CPU/GPU-bound: callers (a Hangfire job,
/// the CLI, a benchmark) run it on their own thread. Artifacts:
/// <c>{artifactDirectory}/last/</c> is rewritten at every epoch end (a crash loses at most one epoch) and
/// <c>{artifactDirectory}/model/</c> holds the final model (the best epoch's weights when early stopping is on).
/// Same seed, same data, same thread count on CPU => identical losses.
/// </summary>
public static class Trainer
{
    public const string ModelFolder = "model";
    public const string LastEpochFolder = "last";

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
        data.Validate();
        if (trainIndices.Count == 0) throw new ArgumentException("No training articles.", nameof(trainIndices));
        if (validationIndices.Count == 0) throw new ArgumentException("No validation articles.", nameof(validationIndices));
        observer ??= NullTrainingObserver.Instance;
        TorchRuntime.Initialize();
        var device = TorchRuntime.Device;
        var clock = Stopwatch.StartNew();

        var vectorizer = TextVectorizer.Adapt(trainIndices.Select(i => data.Texts[i]), hp.VocabSize);
        var ids = data.Texts.Select(t => vectorizer.EncodeUnpadded(t, hp.MaxLength)).ToArray();
        var lengths = ids.Select(a => a.Length).ToArray();
        var labels = data.Labels;
        observer.OnLog($"{trainIndices.Count} training and {validationIndices.Count} validation articles; vocabulary {vectorizer.VocabularySize:N0} tokens; " +
                       $"mean length {trainIndices.Average(i => lengths[i]):F1} tokens (max {hp.MaxLength}).");

        var config = hp.ModelConfig(vectorizer.VocabularySize, data.LabelNames.Count);
        using var model = new CustomTransformerClassifier(config, hp.Seed);
        model.to(device);
        var summary = ModelSummary.Of(model);
        observer.OnLog($"Model: {summary.TotalParameters:N0} parameters; recipe {hp.Recipe}; device {device}; {torch.get_num_threads()} threads.");

        using var optimizer = CreateOptimizer(model, hp);
        var random = new Random(hp.Seed);
        int stepsPerEpoch = (trainIndices.Count + hp.BatchSize - 1) / hp.BatchSize;
        int totalSteps = stepsPerEpoch * hp.Epochs;
        Func<int, double> factor = step => LearningRateFactor(hp, step, totalSteps);
        var scheduler = optim.lr_scheduler.LambdaLR(optimizer, factor);

        var history = new List<EpochReport>();
        using var bestWeights = new BestWeights();
        EpochReport? best = null;
        int epochsWithoutImprovement = 0;
        string stopReason = $"completed {hp.Epochs} epochs";
        int globalStep = 0;
        long articlesSeen = 0;
        var trainingTime = TimeSpan.Zero;
        var manifestParameters = ParameterSet.ToStrings(hp);

        for (int epoch = 1; epoch <= hp.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            model.train();
            double lossSum = 0;
            int correct = 0, seen = 0;
            var batches = LengthBatcher.Batches(trainIndices, lengths, hp.BatchSize, hp.BucketByLength, random);
            for (int b = 0; b < batches.Count; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = batches[b];
                using var scope = NewDisposeScope();
                var x = Pad(ids, batch, hp.BucketByLength ? MaxLength(lengths, batch) : hp.MaxLength, device);
                var y = tensor(batch.Select(i => (long)labels[i]).ToArray(), device: device);

                optimizer.zero_grad();
                var logits = model.forward(x);
                var loss = nn.functional.cross_entropy(logits, y, label_smoothing: hp.LabelSmoothing);
                loss.backward();
                if (hp.GradientClip > 0) nn.utils.clip_grad_norm_(model.parameters(), hp.GradientClip);
                double lr = hp.LearningRate * factor(globalStep);
                optimizer.step();
                scheduler.step();
                globalStep++;

                double lossValue = loss.item<float>();
                lossSum += lossValue * batch.Length;
                correct += (int)logits.argmax(1).eq(y).sum().item<long>();
                seen += batch.Length;
                observer.OnStep(new StepProgress(epoch, hp.Epochs, b + 1, batches.Count, globalStep, totalSteps, lossValue, lr, clock.Elapsed));
            }
            trainingTime += epochClock.Elapsed;
            articlesSeen += seen;

            var (valLoss, valMetrics) = Evaluate(model, ids, lengths, labels, validationIndices, data.LabelNames, hp, device);
            bool isBest = best is null || IsBetter(hp.Monitor, valLoss, valMetrics.Accuracy, best);
            var report = new EpochReport(epoch, hp.Epochs, lossSum / seen, (double)correct / seen, valLoss, valMetrics,
                epochClock.Elapsed, clock.Elapsed, seen / epochClock.Elapsed.TotalSeconds, isBest);
            history.Add(report);

            if (isBest)
            {
                best = report;
                epochsWithoutImprovement = 0;
                if (hp.EarlyStoppingPatience > 0) bestWeights.Keep(model);
            }
            else
            {
                epochsWithoutImprovement++;
            }

            ModelCheckpoint.Save(Path.Combine(artifactDirectory, LastEpochFolder), model, vectorizer,
                Manifest(config, hp, manifestParameters, data.LabelNames, epoch, valMetrics));
            observer.OnLog($"epoch {epoch}/{hp.Epochs}: loss {report.TrainLoss:F4} acc {report.TrainAccuracy:F4} | " +
                           $"val_loss {valLoss:F4} val_acc {valMetrics.Accuracy:F4} macro_f1 {valMetrics.MacroF1:F4} | " +
                           $"{report.EpochTime.TotalSeconds:F1}s, {report.ArticlesPerSecond:F0} articles/s{(isBest ? " (best)" : "")}");
            observer.OnEpochEnd(report);

            if (hp.TargetAccuracy > 0 && valMetrics.Accuracy >= hp.TargetAccuracy)
            {
                stopReason = $"reached target validation accuracy {hp.TargetAccuracy} at epoch {epoch}";
                best = report; // the target epoch is the one we keep
                bestWeights.Clear();
                break;
            }
            if (hp.EarlyStoppingPatience > 0 && epochsWithoutImprovement >= hp.EarlyStoppingPatience)
            {
                stopReason = $"early stopping: no better {Describe(hp.Monitor)} for {hp.EarlyStoppingPatience} epochs after epoch {best!.Epoch}";
                break;
            }
        }

        var final = history[^1];
        if (bestWeights.HasValue && best is not null && best.Epoch != final.Epoch)
        {
            bestWeights.RestoreInto(model);
            final = best;
            observer.OnLog($"Restored the weights of epoch {best.Epoch} (validation loss {best.ValidationLoss:F4}, accuracy {best.ValidationAccuracy:F4}).");
        }
        var modelDirectory = Path.Combine(artifactDirectory, ModelFolder);
        ModelCheckpoint.Save(modelDirectory, model, vectorizer,
            Manifest(config, hp, manifestParameters, data.LabelNames, final.Epoch, final.Validation));
        observer.OnLog($"Finished: {stopReason}; model saved to {modelDirectory}.");
        return new TrainingResult(modelDirectory, history, final, stopReason, clock.Elapsed,
            articlesSeen / trainingTime.TotalSeconds, summary);
    }

    private static bool IsBetter(MonitorMetric monitor, double loss, double accuracy, EpochReport best) => monitor switch
    {
        MonitorMetric.ValAccuracy => accuracy > best.ValidationAccuracy || (accuracy == best.ValidationAccuracy && loss < best.ValidationLoss),
        _ => loss < best.ValidationLoss,
    };

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

    private static string Describe(MonitorMetric monitor) => monitor == MonitorMetric.ValAccuracy ? "validation accuracy" : "validation loss";

    private static int MaxLength(int[] lengths, int[] batch) => batch.Max(i => lengths[i]);

    private static CheckpointManifest Manifest(CustomTransformerConfig config, HyperParameters hp, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyList<string> labelNames, int epoch, ClassificationMetrics metrics) => new()
        {
            Model = config,
            Recipe = hp.Recipe,
            HyperParameters = parameters,
            LabelNames = labelNames,
            Epoch = epoch,
            ValidationMetrics = metrics,
        };

}
