namespace NewsClassifier.ML.Training.Resume;

/// <summary>Where a usable resume checkpoint lets a run continue: after <see cref="Epoch"/> of <see cref="Epochs"/>, <see cref="GlobalStep"/> steps in.</summary>
public sealed record ResumePoint(int Epoch, int Epochs, int GlobalStep, int BestEpoch);
