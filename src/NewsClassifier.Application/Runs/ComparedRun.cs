using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Runs;

/// <summary>One run as the compare page shows it.</summary>
public sealed record ComparedRun(
    TrainingRun Run,
    string? SnapshotHash,
    IReadOnlyDictionary<string, string> Parameters,
    ClassificationMetrics? Evaluation,
    IReadOnlyList<string> Labels,
    IReadOnlyDictionary<string, IReadOnlyList<(double X, double Y)>> Series)
{
    public int Id => Run.Id;

    public IReadOnlyList<(double X, double Y)> Points(string metric) => Series.TryGetValue(metric, out var points) ? points : [];
}
