using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Training;

namespace NewsClassifier.ML.Baseline;

/// <summary>What a baseline model folder's config.json holds: enough to load and describe the model without the recipe code.</summary>
public sealed record BaselineManifest
{
    public const string CurrentFormat = "newsclassifier-tfidf-baseline/v1";

    public string Format { get; init; } = CurrentFormat;
    public string Recipe { get; init; } = Recipes.TfidfBaseline;
    public required IReadOnlyDictionary<string, string> HyperParameters { get; init; }
    public required IReadOnlyList<string> LabelNames { get; init; }
    /// <summary>Length of the TF-IDF feature vector (the linear layer's input width).</summary>
    public int FeatureCount { get; init; }
    public ClassificationMetrics? ValidationMetrics { get; init; }
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;
}

// ML.NET binds rows and outputs to public classes by property name.
public sealed class BaselineArticle
{
    public string Text { get; set; } = "";
    /// <summary>The label ordinal, typed as an ML.NET key (which stores it + 1 internally), so score column i is label ordinal i.</summary>
    public uint Label { get; set; }
}

public sealed class BaselineText
{
    public string Text { get; set; } = "";
}

public sealed class BaselineScore
{
    public float[] Score { get; set; } = [];
}

/// <summary>A baseline model folder: <c>model.zip</c> (ML.NET featurizer + linear model) and <c>config.json</c> (manifest).</summary>
public static class TfidfBaselineModel
{
    public const string ModelFile = "model.zip";
    public const string ConfigFile = ModelCheckpoint.ConfigFile;

    public static void Save(string directory, MLContext ml, ITransformer model, DataViewSchema inputSchema, BaselineManifest manifest)
    {
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, ModelFile), tmp => ml.Model.Save(model, inputSchema, tmp));
        WriteAtomically(Path.Combine(directory, ConfigFile),
            tmp => File.WriteAllText(tmp, JsonSerializer.Serialize(manifest, ModelCheckpoint.JsonOptions), new UTF8Encoding(false)));
    }

    public static BaselineManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ConfigFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"No {ConfigFile} in model folder '{directory}'.", path);
        var manifest = JsonSerializer.Deserialize<BaselineManifest>(File.ReadAllText(path), ModelCheckpoint.JsonOptions)
            ?? throw new InvalidDataException($"{path} is empty.");
        if (manifest.Format != BaselineManifest.CurrentFormat)
            throw new InvalidDataException($"{path} has format '{manifest.Format}', expected '{BaselineManifest.CurrentFormat}'.");
        return manifest;
    }

    /// <summary>Training rows with the label typed as a key of <paramref name="classes"/> values, so the model has one score per class
    /// in label order even when a class is missing from the training set.</summary>
    public static IDataView Rows(MLContext ml, IEnumerable<BaselineArticle> rows, int classes)
    {
        var schema = SchemaDefinition.Create(typeof(BaselineArticle));
        schema[nameof(BaselineArticle.Label)].ColumnType = new KeyDataViewType(typeof(uint), classes);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static void WriteAtomically(string path, Action<string> write)
    {
        var tmp = path + ".tmp";
        write(tmp);
        File.Move(tmp, path, overwrite: true);
    }
}
