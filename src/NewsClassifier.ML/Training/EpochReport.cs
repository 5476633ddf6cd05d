namespace NewsClassifier.ML.Training;

public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double TrainAccuracy, double ValidationLoss,
    ClassificationMetrics Validation, TimeSpan EpochTime, TimeSpan Elapsed, double ArticlesPerSecond, bool IsBest)
{
    public double ValidationAccuracy => Validation.Accuracy;
}
