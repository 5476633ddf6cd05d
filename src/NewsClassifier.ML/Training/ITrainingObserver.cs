namespace NewsClassifier.ML.Training;

/// <summary>Receives progress from a recipe's training, on the training thread; keep handlers quick.</summary>
public interface ITrainingObserver
{
    void OnStep(StepProgress progress) { }
    void OnEpochEnd(EpochReport report) { }
    void OnLog(string message) { }
}
