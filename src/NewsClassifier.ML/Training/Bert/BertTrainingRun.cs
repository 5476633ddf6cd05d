using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Training.Resume;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.Bert;

/// <summary>
/// The BERT recipes' part of <see cref="EpochLoop"/>: an optimiser step accumulates the gradients of
/// <c>gradient_accumulation</c> micro-batches, the learning rate is set by hand each step (warm-up, then linear or
/// constant), a frozen body stays in eval mode, and checkpoints are Hugging Face folders (<see cref="BertRunCheckpoint"/>).
/// With a <see cref="Bf16Copy"/>, <paramref name="forward"/> runs the copy: its weights are the master's before every step
/// and evaluation, its gradients go to the master, which the optimiser steps and checkpoints save.
/// The caller owns (and disposes) the model, the copy, the optimiser and any precomputed features behind <paramref name="forward"/>.
/// </summary>
internal sealed class BertTrainingRun(
    BertForSequenceClassification model,
    Bf16Copy? bf16,
    BertFolder pretrained,
    optim.Optimizer optimizer,
    BertParameters p,
    Func<int[], Tensor> forward,
    TrainingData data,
    int[] lengths,
    IReadOnlyList<int> trainIndices,
    IReadOnlyList<int> validationIndices,
    int stepsPerEpoch,
    int warmupSteps,
    int totalSteps,
    Device device) : ITorchTrainingRun
{
    private readonly Random _random = new(p.Seed);
    private readonly List<TorchSharp.Modules.Parameter> _trainable = model.parameters().Where(t => t.requires_grad).ToList();
    private readonly IReadOnlyDictionary<string, string> _parameters = BertParameterSet.ToStrings(p);
    private readonly bool _bucket = p.Padding == PaddingMode.Longest;
    private List<int[]> _batches = [];

    public nn.Module Model => model;

    public optim.Optimizer Optimizer => optimizer;

    /// <summary>The generator of the model that forwards: its dropout masks are the ones drawn.</summary>
    public Generator Generator => (bf16?.Model ?? model).Generator;

    public ResumeIdentity Identity { get; } = ResumeIdentity.Of(p.Recipe, BertParameterSet.ToStrings(p), data, trainIndices, validationIndices, model);

    /// <summary>The learning rate is set from the global step before every step: there is no schedule state to restore.</summary>
    public void RestoreSchedule(int globalStep) { }

    public int BeginEpoch(int epoch)
    {
        TrainMode();
        _batches = LengthBatcher.Batches(trainIndices, lengths, p.BatchSize, _bucket, _random);
        return stepsPerEpoch;
    }

    public TrainingStep Step(int stepInEpoch, int globalStep)
    {
        IReadOnlyList<int[]> group = _batches.Skip(stepInEpoch * p.GradientAccumulation).Take(p.GradientAccumulation).ToList();
        if (p.MaxTokens > 0) group = LengthBatcher.ByTokens(group.SelectMany(b => b), lengths, p.MaxTokens, PaddedLength);
        double lr = p.LearningRate * BertOptimization.LearningRateFactor(p.Schedule, warmupSteps, totalSteps, globalStep);
        BertOptimization.SetLearningRate(optimizer, lr);
        optimizer.zero_grad();
        bf16?.SyncWeights();
        var (loss, correct, count) = BertTrainer.AccumulateGradients(forward, data.Labels, group, device);
        bf16?.CopyGradients();
        if (p.GradientClip > 0) nn.utils.clip_grad_norm_(_trainable, p.GradientClip);
        optimizer.step();
        return new TrainingStep(loss, lr, count, correct);
    }

    public (double Loss, ClassificationMetrics Metrics) Evaluate()
    {
        bf16?.SyncWeights();
        var result = BertTrainer.Evaluate(bf16?.Model ?? model, forward, data.Labels, validationIndices, lengths, data.LabelNames, p.BatchSize, _bucket,
            p.MaxTokens > 0 ? batch => LengthBatcher.ByTokens(batch, lengths, p.MaxTokens, PaddedLength) : null);
        TrainMode();
        return result;
    }

    public void Save(string directory, int epoch, ClassificationMetrics metrics) =>
        BertRunCheckpoint.Save(directory, model, pretrained, new BertRunManifest
        {
            Recipe = p.Recipe,
            HyperParameters = _parameters,
            LabelNames = data.LabelNames,
            MaxLength = p.MaxLength,
            ClassifierDropout = p.Dropout,
            Epoch = epoch,
            ValidationMetrics = metrics,
        });

    /// <summary>The length an article of <paramref name="tokens"/> tokens is padded to in its pass.</summary>
    private int PaddedLength(int tokens) => _bucket ? BertInputs.PaddedLength(tokens, p.MaxLength) : p.MaxLength;

    /// <summary>A frozen hub layer runs in inference mode (no dropout inside BERT); only the head trains.</summary>
    private void TrainMode()
    {
        foreach (var m in bf16 is null ? [model] : new[] { model, bf16.Model })
        {
            m.train();
            if (!p.TrainBody) m.Bert.eval();
        }
    }
}
