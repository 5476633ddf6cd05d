namespace NewsClassifier.ML.Training;

public sealed class NullTrainingObserver : ITrainingObserver
{
    public static NullTrainingObserver Instance { get; } = new();
}
