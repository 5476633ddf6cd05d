namespace NewsClassifier.ML.Training.Resume;

/// <summary>
/// A complete resume checkpoint that belongs to another recipe, parameter set, data or model shape. An
/// <see cref="ArgumentException"/>, so a run trainer records its message as the run's error instead of training on.
/// </summary>
public sealed class ResumeMismatchException(string message) : ArgumentException(message);
