namespace NewsClassifier.ML.Training;

public sealed record StepProgress(int Epoch, int Epochs, int Step, int StepsPerEpoch, int GlobalStep, int TotalSteps,
    double Loss, double LearningRate, TimeSpan Elapsed);
