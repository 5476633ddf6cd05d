using static TorchSharp.torch;

namespace NewsClassifier.ML.Training;

/// <summary>
/// The part of a TorchSharp recipe's training that differs between families; <see cref="EpochLoop"/> does the rest
/// (progress, best epoch, checkpoints, stopping, restoring the best weights).
/// </summary>
public interface ITorchTrainingRun
{
    /// <summary>The model whose trainable parameters are kept at the best epoch and put back at the end.</summary>
    nn.Module Model { get; }

    /// <summary>The optimiser whose state (moments, step counts) a resume checkpoint saves.</summary>
    optim.Optimizer Optimizer { get; }

    /// <summary>The model's own generator (dropout masks); nothing in training draws from torch's global one.</summary>
    Generator Generator { get; }

    /// <summary>Whom a resume checkpoint of this run belongs to (recipe, parameters, data, labels, model shape).</summary>
    Resume.ResumeIdentity Identity { get; }

    /// <summary>
    /// Sets training mode and forms the epoch's batches; returns its number of optimiser steps. Its only randomness is the
    /// data order drawn from the seed, so a resumed loop calls it for the completed epochs to replay their shuffles.
    /// </summary>
    int BeginEpoch(int epoch);

    /// <summary>Puts a learning-rate schedule that keeps its own position at <paramref name="globalStep"/> steps (after a resume).</summary>
    void RestoreSchedule(int globalStep);

    /// <summary>One optimiser step; <paramref name="globalStep"/> counts the steps taken before it (learning-rate schedules).</summary>
    TrainingStep Step(int stepInEpoch, int globalStep);

    /// <summary>Mean validation cross-entropy and metrics, leaving the model as <see cref="BeginEpoch"/> set it.</summary>
    (double Loss, ClassificationMetrics Metrics) Evaluate();

    /// <summary>Writes the model folder with a manifest naming <paramref name="epoch"/> and its validation metrics.</summary>
    void Save(string directory, int epoch, ClassificationMetrics metrics);
}
