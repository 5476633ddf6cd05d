using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Registry;

/// <summary>What a reference (<c>name</c>, <c>name@alias</c>, <c>name:version</c>) resolved to.</summary>
public sealed record ResolvedModel(string ModelName, ModelVersion Version, TrainingRun Run, string? Alias)
{
    /// <summary>"news@production (version 2)" or "news:2".</summary>
    public string Display => Alias is null ? $"{ModelName}:{Version.Version}" : $"{ModelName}@{Alias} (version {Version.Version})";
}
