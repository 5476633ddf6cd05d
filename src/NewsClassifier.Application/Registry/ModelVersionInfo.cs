using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Registry;

/// <summary>One version with the run behind it and the aliases pointing at it.</summary>
public sealed record ModelVersionInfo(ModelVersion Version, TrainingRun? Run, IReadOnlyList<string> Aliases);
