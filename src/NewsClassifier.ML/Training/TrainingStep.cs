namespace NewsClassifier.ML.Training;

/// <summary>
/// What one optimiser step reports to <see cref="EpochLoop"/>: the mean loss over its <paramref name="Articles"/>, the
/// learning rate it used and how many of its articles the model got right.
/// </summary>
public readonly record struct TrainingStep(double Loss, double LearningRate, int Articles, int Correct);
