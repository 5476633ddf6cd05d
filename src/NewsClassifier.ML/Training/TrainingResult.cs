namespace NewsClassifier.ML.Training;

public sealed record TrainingResult(
    string ModelDirectory,
    IReadOnlyList<EpochReport> History,
    EpochReport Best,
    string StopReason,
    TimeSpan Elapsed,
    double ArticlesPerSecond,
    ModelSummary Summary);
