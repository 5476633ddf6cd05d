namespace NewsClassifier.ML.Training.Resume;

/// <summary>
/// <see cref="EpochLoop"/>'s own state at the end of an epoch, stored in a resume checkpoint's <c>state.json</c>: enough,
/// with the tensors beside it, to continue at <see cref="Epoch"/> + 1 as if the loop had never stopped.
/// </summary>
/// <param name="Epoch">The last complete epoch (1-based).</param>
/// <param name="GlobalStep">Optimiser steps taken so far (the learning-rate schedule's position).</param>
/// <param name="BestEpoch">The best epoch so far (an epoch of <see cref="History"/>).</param>
/// <param name="BestWeightsEpoch">The epoch whose weights <c>best.safetensors</c> holds, or 0 when none are kept.</param>
/// <param name="StopReason">Set when the loop decided to stop at this epoch (early stopping, target accuracy): a resumed
/// loop goes straight to the final model.</param>
public sealed record LoopState(
    int Epoch,
    int Epochs,
    int GlobalStep,
    IReadOnlyList<EpochReport> History,
    int BestEpoch,
    int BestWeightsEpoch,
    int EpochsWithoutImprovement,
    long ArticlesSeen,
    TimeSpan TrainingTime,
    TimeSpan Elapsed,
    string? StopReason);
