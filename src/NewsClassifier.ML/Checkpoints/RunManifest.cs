using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NewsClassifier.ML.Training;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>
/// What every model folder's <c>config.json</c> says about the run that wrote it, whatever the recipe; each family's
/// manifest adds what it needs to rebuild its model. The <see cref="JsonPropertyOrderAttribute"/> values keep the keys in
/// the order the families wrote them before this base existed (a derived family field slots in between), so existing
/// folders and archives read, and new files diff, the same.
/// </summary>
public abstract record RunManifest
{
    public const string ConfigFile = "config.json";

    /// <summary>snake_case keys, indented, non-ASCII label names kept readable.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    protected RunManifest(string format) => Format = format;

    /// <summary>Names the family's folder layout; <see cref="RecipeCatalog"/> picks the loader by it.</summary>
    [JsonPropertyOrder(0)] public string Format { get; init; }
    [JsonPropertyOrder(10)] public required string Recipe { get; init; }
    [JsonPropertyOrder(11)] public required IReadOnlyDictionary<string, string> HyperParameters { get; init; }
    [JsonPropertyOrder(12)] public required IReadOnlyList<string> LabelNames { get; init; }
    /// <summary>Epoch whose weights are saved (1-based); 0 for an untrained model.</summary>
    [JsonPropertyOrder(20)] public int Epoch { get; init; }
    [JsonPropertyOrder(21)] public ClassificationMetrics? ValidationMetrics { get; init; }
    [JsonPropertyOrder(22)] public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The <c>format</c> of a model folder's config.json, or null when it has none.</summary>
    public static string? ReadFormat(string directory)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ConfigPath(directory)));
        return json.RootElement.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String ? format.GetString() : null;
    }

    /// <summary>The folder's manifest as <typeparamref name="TManifest"/>; a missing file or another format is a clear error.</summary>
    public static TManifest Read<TManifest>(string directory, string expectedFormat) where TManifest : RunManifest
    {
        var path = ConfigPath(directory);
        var manifest = JsonSerializer.Deserialize<TManifest>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path} is empty.");
        if (manifest.Format != expectedFormat)
            throw new InvalidDataException($"{path} has format '{manifest.Format}', expected '{expectedFormat}'.");
        return manifest;
    }

    /// <summary>Serialised as its own type: System.Text.Json would write only the base's keys of a value typed as the base.</summary>
    public static string ToJson<TManifest>(TManifest manifest) where TManifest : RunManifest => JsonSerializer.Serialize(manifest, JsonOptions);

    private static string ConfigPath(string directory)
    {
        var path = Path.Combine(directory, ConfigFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"No {ConfigFile} in model folder '{directory}'.", path);
        return path;
    }
}
