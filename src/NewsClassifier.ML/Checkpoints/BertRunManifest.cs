using System.Text.Json.Serialization;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>Our part of a BERT run's config.json: extra keys next to Hugging Face's, which transformers ignores.</summary>
public sealed record BertRunManifest : RunManifest
{
    public const string CurrentFormat = "newsclassifier-bert/v1";

    public BertRunManifest() : base(CurrentFormat) { }

    /// <summary>WordPiece tokens per article the model was trained with ([CLS] and [SEP] included).</summary>
    [JsonPropertyOrder(13)] public required int MaxLength { get; init; }
    [JsonPropertyOrder(14)] public double ClassifierDropout { get; init; } = 0.1;
}
