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
