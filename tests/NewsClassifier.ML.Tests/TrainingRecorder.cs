namespace NewsClassifier.ML.Tests;

/// <summary>Keeps what a training run reports (steps, epochs, log lines) for the tests to assert on; <see cref="AfterStep"/> lets a test act mid-run.</summary>
public sealed class TrainingRecorder : ITrainingObserver
{
    public List<StepProgress> Steps { get; } = [];
    public List<EpochReport> Epochs { get; } = [];
    public List<string> Logs { get; } = [];
    public Action<StepProgress>? AfterStep { get; init; }

    public IReadOnlyList<double> Losses => Steps.Select(s => s.Loss).ToArray();

    public void OnStep(StepProgress progress)
    {
        Steps.Add(progress);
        AfterStep?.Invoke(progress);
    }

    public void OnEpochEnd(EpochReport report) => Epochs.Add(report);

    public void OnLog(string message) => Logs.Add(message);
}
