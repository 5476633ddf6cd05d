using NewsClassifier.Domain.Registry;

namespace NewsClassifier.Application.Registry;

/// <summary>A registered model with its versions (newest first) and its aliases (alias -> version).</summary>
public sealed record ModelInfo(RegisteredModel Model, IReadOnlyList<ModelVersionInfo> Versions, IReadOnlyDictionary<string, int> Aliases)
{
    public int? VersionOf(string alias) => Aliases.TryGetValue(alias, out var v) ? v : null;
}
