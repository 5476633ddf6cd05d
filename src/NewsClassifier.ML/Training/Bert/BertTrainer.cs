using System.Diagnostics;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.Bert;

/// <summary>
/// Trains the BERT recipes (<see cref="BertRecipes"/>): tokenises, loads the pretrained body with a new classifier and
/// hands the epochs to <see cref="EpochLoop"/> (progress per optimiser step, <c>last/</c> and <c>model/</c> as Hugging
/// Face folders, <see cref="BertRunCheckpoint"/>). Same seed, data and thread count on CPU => identical losses.
/// <para>
/// Frozen body (<c>train_body=false</c>): Keras' <c>trainable=False</c> runs the hub layer in inference mode, so the body
/// is in eval mode and its pooled output for an article never changes; the recipes' only dropout is on pooled_output,
/// after the body. Computing every article's pooled output once, under no_grad, and training the head on those is then
/// exactly the same computation as running the body every step (tested), and epochs cost only the head.
/// </para>
/// </summary>
public static class BertTrainer
{
    public static TrainingResult Train(TrainingData data, IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices,
        BertParameters p, string artifactDirectory, ITrainingObserver? observer = null, CancellationToken cancellationToken = default,
        bool precomputeFrozenFeatures = true, PooledOutputCache? cache = null)
    {
        data.ValidateSplit(trainIndices, validationIndices);
        observer ??= NullTrainingObserver.Instance;
        TorchRuntime.Initialize();
        var device = TorchRuntime.Device;
        var clock = Stopwatch.StartNew();

        var folder = OpenPretrained(p);
        var tokenizer = folder.CreateTokenizer();
        var encoded = data.Texts.Select(t => BertInputs.Encode(tokenizer, t, p.MaxLength)).ToArray();
        var ids = encoded.Select(e => e.Ids).ToArray();
        var lengths = ids.Select(a => a.Length).ToArray();
        int truncated = trainIndices.Concat(validationIndices).Count(i => encoded[i].Truncated);
        observer.OnLog($"{trainIndices.Count} training and {validationIndices.Count} validation articles; WordPiece vocabulary {tokenizer.VocabularySize:N0}; " +
                       $"mean length {trainIndices.Average(i => lengths[i]):F1} tokens, {truncated} cut to max_length {p.MaxLength}; padding {Show(p.Padding)}.");

        var (model, report) = folder.LoadForSequenceClassification(data.LabelNames.Count, p.Dropout, p.Seed);
        using var _ = model;
        model.to(device);
        model.Bert.SetTrainable(p.TrainBody);
        var summary = ModelSummary.Of(model);
        observer.OnLog($"Pretrained {folder.Directory}: {report}.");
        observer.OnLog($"Model: {summary.TotalParameters:N0} parameters, {summary.TrainableParameters:N0} trainable; recipe {p.Recipe}; " +
                       $"device {device}; {torch.get_num_threads()} threads.");

        bool bucket = p.Padding == PaddingMode.Longest;
        long padId = tokenizer.PadId;
        using var features = !p.TrainBody && precomputeFrozenFeatures
            ? FrozenFeatures(model.Bert, folder, ids, lengths, trainIndices.Concat(validationIndices).ToArray(), padId, device, cache, observer, cancellationToken)
            : null;
        using var bf16 = UsesBf16(p, device, observer) ? Bf16Copy.Of(model, p.Dropout, p.Seed, device) : null;
        Func<int[], Tensor> forward = features is not null
            ? batch => model.ClassifyPooled(features.index_select(0, tensor(batch.Select(i => (long)i).ToArray(), device: device)))
            : batch =>
            {
                var (x, mask) = BertInputs.Batch(ids, batch, bucket ? BertInputs.PaddedLength(batch.Max(i => lengths[i]), p.MaxLength) : p.MaxLength, padId, device);
                return bf16 is not null ? bf16.Forward(x, mask) : model.forward(x, mask);
            };

        using var optimizer = BertOptimization.Create(model, p);
        int microBatches = (trainIndices.Count + p.BatchSize - 1) / p.BatchSize;
        int stepsPerEpoch = (microBatches + p.GradientAccumulation - 1) / p.GradientAccumulation;
        if (p.StepsPerEpoch > 0) stepsPerEpoch = Math.Min(stepsPerEpoch, p.StepsPerEpoch);
        int totalSteps = stepsPerEpoch * p.Epochs;
        int warmupSteps = BertOptimization.WarmupSteps(p.WarmupFraction, totalSteps);
        observer.OnLog($"{stepsPerEpoch} optimizer steps per epoch of {p.BatchSize} x {p.GradientAccumulation} articles" +
                       (p.MaxTokens > 0 ? $" in passes of at most {p.MaxTokens:N0} padded tokens; " : "; ") +
                       $"{totalSteps} steps, {warmupSteps} warm-up; {Show(p.Optimizer)} lr {p.LearningRate:G3}, {p.Schedule.ToString().ToLowerInvariant()} schedule.");

        var run = new BertTrainingRun(model, bf16, folder, optimizer, p, forward, data, lengths, trainIndices, ValidationSubset(validationIndices, p),
            stepsPerEpoch, warmupSteps, totalSteps, device);
        return EpochLoop.Run(run, new EpochLoopSettings(p.Epochs, totalSteps, p.EarlyStoppingPatience), artifactDirectory, summary, clock, observer, cancellationToken);
    }

    /// <summary>
    /// Forward and backward over the micro-batches of one optimiser step, each loss weighted by its share of the step's
    /// articles, so the summed gradients equal those of one batch of all of them (mean cross-entropy).
    /// Returns the step's mean loss, correct predictions and article count. The loss and hit counts are summed on the
    /// device and read once at the end: on a GPU each read waits for every queued kernel, so reading per micro-batch
    /// would stall the queue that many times per step.
    /// </summary>
    public static (double Loss, int Correct, int Count) AccumulateGradients(Func<int[], Tensor> forward, IReadOnlyList<int> labels,
        IReadOnlyList<int[]> microBatches, Device device)
    {
        int total = microBatches.Sum(b => b.Length);
        using var lossSum = zeros([], float64, device);
        using var correct = zeros([], int64, device);
        foreach (var batch in microBatches)
        {
            using var scope = NewDisposeScope();
            var y = tensor(batch.Select(i => (long)labels[i]).ToArray(), device: device);
            var logits = forward(batch);
            var loss = nn.functional.cross_entropy(logits, y);
            (loss * ((double)batch.Length / total)).backward();
            lossSum.add_(loss.detach().to(float64) * batch.Length);
            correct.add_(logits.argmax(1).eq(y).sum());
        }
        return (lossSum.item<double>() / total, (int)correct.item<long>(), total);
    }

    /// <summary>Mean cross-entropy and metrics, in eval mode without gradients; batches sorted by length when padding per
    /// batch, each cut further by <paramref name="split"/> when given (a token budget).</summary>
    public static (double Loss, ClassificationMetrics Metrics) Evaluate(BertForSequenceClassification model, Func<int[], Tensor> forward,
        IReadOnlyList<int> labels, IReadOnlyList<int> indices, int[] lengths, IReadOnlyList<string> labelNames, int batchSize, bool bucket,
        Func<int[], List<int[]>>? split = null)
    {
        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        var actual = new List<int>(indices.Count);
        var predicted = new List<int>(indices.Count);
        var batches = LengthBatcher.EvaluationBatches(indices, lengths, batchSize, bucket);
        foreach (var batch in split is null ? batches : batches.SelectMany(split))
        {
            using var scope = NewDisposeScope();
            var logits = forward(batch);
            var y = tensor(batch.Select(i => (long)labels[i]).ToArray(), device: logits.device);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            actual.AddRange(batch.Select(i => labels[i]));
            predicted.AddRange(logits.argmax(1).cpu().data<long>().ToArray().Select(v => (int)v));
        }
        return (lossSum / indices.Count, Metrics.Compute(actual, predicted, labelNames));
    }

    /// <summary>The frozen body's pooled outputs: from <paramref name="cache"/> when an earlier run on the same articles and
    /// checkpoint kept them, else computed (and kept). A cache that cannot be read or written only costs the time.</summary>
    private static Tensor FrozenFeatures(BertModel bert, BertFolder folder, long[][] ids, int[] lengths, int[] rows, long padId, Device device,
        PooledOutputCache? cache, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        string? key = null;
        if (cache is not null)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                key = PooledOutputCache.Key(Path.Combine(folder.Directory, BertFolder.ConfigFile), folder.WeightsPath, device, ids, rows);
                if (cache.TryLoad(key, ids.Length, bert.Config.HiddenSize, device) is { } kept)
                {
                    observer.OnLog($"Frozen body: pooled outputs of {rows.Distinct().Count()} articles read from the cache ({clock.Elapsed.TotalSeconds:F1}s): " +
                                   "an earlier run computed them from the same articles and checkpoint.");
                    return kept;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                observer.OnLog($"Frozen body: the pooled-output cache in {cache.Directory} could not be read ({e.Message}); computing them.");
                key = null;
            }
        }
        var features = PooledOutputs(bert, ids, lengths, rows, padId, device, observer, cancellationToken);
        if (cache is not null && key is not null)
        {
            try
            {
                if (!cache.Save(key, features))
                    observer.OnLog($"Frozen body: pooled outputs not cached (over {PooledOutputCache.MaxBytes / (1 << 20):N0} MiB).");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                observer.OnLog($"Frozen body: the pooled outputs could not be cached in {cache.Directory} ({e.Message}).");
            }
        }
        return features;
    }

    /// <summary>
    /// The body's pooled output (N, H) of the given articles (other rows zero), in eval mode under no_grad, batched by
    /// length and padded per batch: the attention mask makes the padding irrelevant to the result.
    /// </summary>
    public static Tensor PooledOutputs(BertModel bert, long[][] ids, int[] lengths, IReadOnlyList<int> indices, long padId, Device device,
        ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        bool wasTraining = bert.training;
        bert.eval();
        try
        {
            using var noGrad = no_grad();
            var features = zeros(ids.Length, bert.Config.HiddenSize, device: device);
            var batches = LengthBatcher.EvaluationBatches(indices.Distinct().ToArray(), lengths, 64, bucket: true);
            var clock = Stopwatch.StartNew();
            for (int b = 0; b < batches.Count; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var batch = batches[b];
                var (x, mask) = BertInputs.Batch(ids, batch, BertInputs.PaddedLength(batch.Max(i => lengths[i]), bert.Config.MaxPositionEmbeddings), padId, device);
                using var outputs = bert.Forward(x, mask);
                features.index_copy_(0, tensor(batch.Select(i => (long)i).ToArray(), device: device), outputs.PooledOutput);
                if (observer is not null && (b + 1) % Math.Max(1, batches.Count / 10) == 0)
                    observer.OnLog($"Frozen body: pooled outputs of {Math.Min((b + 1) * 64, indices.Count)}/{indices.Count} articles ({clock.Elapsed.TotalSeconds:F0}s).");
            }
            return features;
        }
        finally
        {
            bert.train(wasTraining);
        }
    }

    /// <summary>Whether this run trains in bf16: asked for, and fast on the device (else fp32, and the log says why).</summary>
    private static bool UsesBf16(BertParameters p, Device device, ITrainingObserver observer)
    {
        if (p.Precision != TrainingPrecision.Bf16 || !p.TrainBody) return false;
        if (Bf16Support.WhyNotFast(device) is { } reason)
        {
            observer.OnLog($"Precision: bf16 was asked for, but {reason}; training in fp32 (emulated bf16 would be slower).");
            return false;
        }
        observer.OnLog("Precision: bf16 forward and backward, fp32 master weights, LayerNorm, loss and AdamW state.");
        return true;
    }

    private static BertFolder OpenPretrained(BertParameters p)
    {
        if (string.IsNullOrWhiteSpace(p.Pretrained)) throw new ArgumentException("pretrained: is required: the folder of a pretrained BERT checkpoint.");
        BertFolder folder;
        try
        {
            folder = BertFolder.Open(p.Pretrained);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new ArgumentException($"pretrained: '{p.Pretrained}' is not a usable BERT folder: {e.Message}", e);
        }
        if (p.MaxLength > folder.Config.MaxPositionEmbeddings)
            throw new ArgumentException($"max_length: {p.MaxLength} exceeds the checkpoint's max_position_embeddings ({folder.Config.MaxPositionEmbeddings}).");
        return folder;
    }

    /// <summary>Keras <c>validation_steps</c>: the first steps x batch articles of the validation set (in its fixed order).</summary>
    private static IReadOnlyList<int> ValidationSubset(IReadOnlyList<int> indices, BertParameters p) =>
        p.ValidationSteps > 0 ? indices.Take(p.ValidationSteps * p.BatchSize).ToArray() : indices;

    private static string Show(PaddingMode padding) => padding == PaddingMode.Longest ? "longest (per batch)" : "max_length";

    private static string Show(BertOptimizer optimizer) => optimizer.ToString().ToLowerInvariant();

}
