namespace NewsClassifier.ML.Training;

/// <summary>
/// How long <see cref="EpochLoop"/> runs: <paramref name="TotalSteps"/> is what progress reports count towards;
/// <paramref name="EarlyStoppingPatience"/> 0 = off; <paramref name="TargetAccuracy"/> 0 = off.
/// </summary>
public sealed record EpochLoopSettings(int Epochs, int TotalSteps, int EarlyStoppingPatience,
    MonitorMetric Monitor = MonitorMetric.ValLoss, double TargetAccuracy = 0);
