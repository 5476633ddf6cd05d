using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Overview;

/// <summary>A training run in one line of the overview: what it is, how far it got, how well it did.</summary>
public sealed record OverviewRun(int Id, string? Name, string Recipe, string DatasetName, RunState State, int Epoch, int Epochs,
    int Step, int TotalSteps, double? ValidationAccuracy, DateTime CreatedAt)
{
    public string Title => Name ?? $"run {Id}";
    public double? Progress => TotalSteps > 0 ? Math.Clamp((double)Step / TotalSteps, 0, 1) : null;
}
