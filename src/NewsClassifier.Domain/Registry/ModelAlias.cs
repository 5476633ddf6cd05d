namespace NewsClassifier.Domain.Registry;

/// <summary>A movable name for one version of a model ("production", "staging").</summary>
public sealed class ModelAlias
{
    public const string Production = "production";
    public const string Staging = "staging";
    public static readonly IReadOnlyList<string> Known = new[] { Production, Staging };

    public int Id { get; set; }
    public int RegisteredModelId { get; set; }
    public required string Alias { get; set; }
    public int ModelVersionId { get; set; }
}
