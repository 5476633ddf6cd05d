using System.Text.Json.Serialization;

namespace NewsClassifier.ML.Baseline;

/// <summary>A baseline model folder's config.json: the run's manifest plus the width of the features the linear model reads.</summary>
public sealed record BaselineManifest : RunManifest
{
    public const string CurrentFormat = "newsclassifier-tfidf-baseline/v1";

    public BaselineManifest() : base(CurrentFormat) { }

    /// <summary>Length of the TF-IDF feature vector (the linear layer's input width).</summary>
    [JsonPropertyOrder(13)] public int FeatureCount { get; init; }
}
