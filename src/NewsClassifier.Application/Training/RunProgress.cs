using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Training;

/// <summary>What changed in a run since the last message: pages append the new points to their curves.</summary>
public sealed record RunProgress(
    int RunId,
    RunState State,
    int Epoch,
    int Epochs,
    int Step,
    int TotalSteps,
    double? Loss,
    TimeSpan Elapsed,
    IReadOnlyList<RunMetric> NewMetrics,
    IReadOnlyList<RunLogEntry> NewLog)
{
    public double Fraction => TotalSteps > 0 ? Math.Clamp((double)Step / TotalSteps, 0, 1) : 0;

    /// <summary>Remaining time at the average pace so far; null until a step has finished.</summary>
    public TimeSpan? Eta => Step > 0 && TotalSteps > Step ? Elapsed / Step * (TotalSteps - Step) : null;
}

/// <summary>Fan-out of run progress to pages in this process (singleton). The job also writes everything
/// to the database first, so a page opened later starts from the stored state.</summary>
public sealed class TrainingNotifier
{
    public event Action<RunProgress>? Changed;

    public void Publish(RunProgress progress) => Changed?.Invoke(progress);
}
