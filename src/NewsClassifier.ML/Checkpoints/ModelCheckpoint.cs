using System.Text;
using System.Text.Json;
using NewsClassifier.ML.Models;
using NewsClassifier.ML.Text;
using NewsClassifier.ML.Training;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>What config.json holds: enough to rebuild the model, its vocabulary and its labels without the recipe code.</summary>
public sealed record CheckpointManifest
{
    public const string CurrentFormat = "newsclassifier-custom-transformer/v1";

    public string Format { get; init; } = CurrentFormat;
    public required CustomTransformerConfig Model { get; init; }
    public required string Recipe { get; init; }
    public required IReadOnlyDictionary<string, string> HyperParameters { get; init; }
    public required IReadOnlyList<string> LabelNames { get; init; }
    /// <summary>Epoch whose weights are saved (1-based); 0 for an untrained model.</summary>
    public int Epoch { get; init; }
    public ClassificationMetrics? ValidationMetrics { get; init; }
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;
}

public sealed record LoadedCheckpoint(CustomTransformerClassifier Model, TextVectorizer Vectorizer, CheckpointManifest Manifest) : IDisposable
{
    public void Dispose() => Model.Dispose();
}

/// <summary>
/// A model folder: <c>config.json</c> (manifest), <c>vocab.json</c> (vectoriser) and <c>weights.dat</c>
/// (TorchSharp's own state-dict format). Each file is written to a temporary name and moved into place,
/// so a crash mid-save leaves the previous complete file rather than a torn one.
/// </summary>
public static class ModelCheckpoint
{
    public const string ConfigFile = "config.json";
    public const string VocabularyFile = "vocab.json";
    public const string WeightsFile = "weights.dat";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Save(string directory, CustomTransformerClassifier model, TextVectorizer vectorizer, CheckpointManifest manifest)
    {
        if (manifest.Model != model.Config)
            throw new ArgumentException("The manifest's model config differs from the model's.", nameof(manifest));
        if (manifest.LabelNames.Count != model.Config.NumClasses)
            throw new ArgumentException($"{manifest.LabelNames.Count} label names for {model.Config.NumClasses} classes.", nameof(manifest));
        Directory.CreateDirectory(directory);

        WriteAtomically(Path.Combine(directory, WeightsFile), tmp => model.save(tmp));
        WriteAtomically(Path.Combine(directory, VocabularyFile), vectorizer.Save);
        WriteAtomically(Path.Combine(directory, ConfigFile),
            tmp => File.WriteAllText(tmp, JsonSerializer.Serialize(manifest, JsonOptions), new UTF8Encoding(false)));
    }

    public static CheckpointManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ConfigFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"No {ConfigFile} in model folder '{directory}'.", path);
        var manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path} is empty.");
        if (manifest.Format != CheckpointManifest.CurrentFormat)
            throw new InvalidDataException($"{path} has format '{manifest.Format}', expected '{CheckpointManifest.CurrentFormat}'.");
        return manifest;
    }

    public static LoadedCheckpoint Load(string directory)
    {
        var manifest = ReadManifest(directory);
        var vectorizer = TextVectorizer.Load(Path.Combine(directory, VocabularyFile));
        if (vectorizer.VocabularySize != manifest.Model.VocabSize)
            throw new InvalidDataException($"vocab.json has {vectorizer.VocabularySize} entries but the model expects {manifest.Model.VocabSize}.");
        var model = new CustomTransformerClassifier(manifest.Model);
        try
        {
            model.load(Path.Combine(directory, WeightsFile), strict: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return new LoadedCheckpoint(model, vectorizer, manifest);
    }

    private static void WriteAtomically(string path, Action<string> write)
    {
        var tmp = path + ".tmp";
        write(tmp);
        File.Move(tmp, path, overwrite: true);
    }
}
