using System.Text.Json.Serialization;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>A custom-transformer model folder's config.json: the run's manifest plus the model config that rebuilds it.</summary>
public sealed record CheckpointManifest : RunManifest
{
    public const string CurrentFormat = "newsclassifier-custom-transformer/v1";

    public CheckpointManifest() : base(CurrentFormat) { }

    /// <summary>Written right after <c>format</c>, where it always stood.</summary>
    [JsonPropertyOrder(1)] public required CustomTransformerConfig Model { get; init; }
}
