using NewsClassifier.ML.Models;

namespace NewsClassifier.ML.Training;

/// <summary>Labelled articles: <c>Labels[i]</c> is an ordinal into <c>LabelNames</c>.</summary>
public sealed record TrainingData(IReadOnlyList<string> Texts, IReadOnlyList<int> Labels, IReadOnlyList<string> LabelNames)
{
    public void Validate()
    {
        if (Texts.Count != Labels.Count) throw new ArgumentException($"{Texts.Count} texts but {Labels.Count} labels.");
        if (LabelNames.Count < 2) throw new ArgumentException("At least two label names are needed.");
        for (int i = 0; i < Labels.Count; i++)
        {
            if ((uint)Labels[i] >= LabelNames.Count)
                throw new ArgumentException($"Label {Labels[i]} of article {i} is outside 0..{LabelNames.Count - 1}.");
        }
    }
}

public sealed record StepProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, int GlobalStep, int TotalSteps,
    double Loss, double LearningRate, TimeSpan Elapsed);

public sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double TrainAccuracy, double ValidationLoss,
    ClassificationMetrics Validation, TimeSpan EpochTime, TimeSpan Elapsed, double ArticlesPerSecond, bool IsBest)
{
    public double ValidationAccuracy => Validation.Accuracy;
}

public sealed record TrainingResult(
    string ModelDirectory,
    IReadOnlyList<EpochReport> History,
    EpochReport Best,
    string StopReason,
    TimeSpan Elapsed,
    double ArticlesPerSecond,
    ModelSummary Summary);

/// <summary>Receives progress from <see cref="Trainer"/>, on the training thread; keep handlers quick.</summary>
public interface ITrainingObserver
{
    void OnStep(StepProgress progress) { }
    void OnEpochEnd(EpochReport report) { }
    void OnLog(string message) { }
}

public sealed class NullTrainingObserver : ITrainingObserver
{
    public static NullTrainingObserver Instance { get; } = new();
}
