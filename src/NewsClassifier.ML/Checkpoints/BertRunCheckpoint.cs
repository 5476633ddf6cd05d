using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Text;
using NewsClassifier.ML.Training;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>Our part of a BERT run's config.json: extra keys next to Hugging Face's, which transformers ignores.</summary>
public sealed record BertRunManifest
{
    public const string CurrentFormat = "newsclassifier-bert/v1";

    public string Format { get; init; } = CurrentFormat;
    public required string Recipe { get; init; }
    public required IReadOnlyDictionary<string, string> HyperParameters { get; init; }
    public required IReadOnlyList<string> LabelNames { get; init; }
    /// <summary>WordPiece tokens per article the model was trained with ([CLS] and [SEP] included).</summary>
    public required int MaxLength { get; init; }
    public double ClassifierDropout { get; init; } = 0.1;
    /// <summary>Epoch whose weights are saved (1-based).</summary>
    public int Epoch { get; init; }
    public ClassificationMetrics? ValidationMetrics { get; init; }
    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;
}

public sealed record LoadedBertRun(BertForSequenceClassification Model, BertTextTokenizer Tokenizer, BertRunManifest Manifest) : IDisposable
{
    public void Dispose() => Model.Dispose();
}

/// <summary>
/// The model folder of a BERT run, a valid Hugging Face <c>BertForSequenceClassification</c> folder and ours at once:
/// <c>config.json</c> = the BERT config + <c>architectures</c>, <c>id2label</c>/<c>label2id</c> and our manifest under
/// extra keys (<c>format</c>, recipe, hyper-parameters, ...); <c>vocab.txt</c> and <c>tokenizer_config.json</c> of the
/// pretrained folder; <c>model.safetensors</c> with <c>bert.*</c>/<c>classifier.*</c> keys. So
/// <c>AutoModelForSequenceClassification.from_pretrained(folder)</c> reads it, and so does <see cref="Load"/>.
/// Each file is written to a temporary name and moved into place.
/// </summary>
public static class BertRunCheckpoint
{
    public const string CurrentFormat = BertRunManifest.CurrentFormat;

    public static void Save(string directory, BertForSequenceClassification model, BertFolder pretrained, BertRunManifest manifest)
    {
        if (manifest.LabelNames.Count != model.NumLabels)
            throw new ArgumentException($"{manifest.LabelNames.Count} label names for {model.NumLabels} labels.", nameof(manifest));
        Directory.CreateDirectory(directory);
        string In(string file) => Path.Combine(directory, file);

        BertWeights.SaveSafeTensors(model, In(BertFolder.SafeTensorsFile));
        CopyAtomically(pretrained.VocabPath, In(BertFolder.VocabFile));
        var tokenizerConfig = Path.Combine(pretrained.Directory, BertFolder.TokenizerConfigFile);
        if (File.Exists(tokenizerConfig)) CopyAtomically(tokenizerConfig, In(BertFolder.TokenizerConfigFile));
        WriteAtomically(In(BertFolder.ConfigFile), ConfigJson(model, manifest));
    }

    /// <summary>Hugging Face's keys first, then ours.</summary>
    public static string ConfigJson(BertForSequenceClassification model, BertRunManifest manifest)
    {
        var config = JsonNode.Parse(model.Config.ToJson())!.AsObject();
        config["architectures"] = new JsonArray("BertForSequenceClassification");
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (int i = 0; i < manifest.LabelNames.Count; i++)
        {
            id2label[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = manifest.LabelNames[i];
            label2id[manifest.LabelNames[i]] = i;
        }
        config["id2label"] = id2label;
        config["label2id"] = label2id;
        config["problem_type"] = "single_label_classification";
        config["classifier_dropout"] = manifest.ClassifierDropout;
        foreach (var (key, value) in JsonSerializer.SerializeToNode(manifest, ModelCheckpoint.JsonOptions)!.AsObject().ToList())
        {
            if (key == "classifier_dropout") continue;
            config[key] = value?.DeepClone();
        }
        return config.ToJsonString(ModelCheckpoint.JsonOptions);
    }

    public static BertRunManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, BertFolder.ConfigFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"No {BertFolder.ConfigFile} in model folder '{directory}'.", path);
        var manifest = JsonSerializer.Deserialize<BertRunManifest>(File.ReadAllText(path), ModelCheckpoint.JsonOptions)
            ?? throw new InvalidDataException($"{path} is empty.");
        if (manifest.Format != CurrentFormat)
            throw new InvalidDataException($"{path} has format '{manifest.Format}', expected '{CurrentFormat}'.");
        return manifest;
    }

    /// <summary>The classifier with every weight from the folder (a missing head is an error here, unlike a pretrained body).</summary>
    public static LoadedBertRun Load(string directory)
    {
        var manifest = ReadManifest(directory);
        var folder = BertFolder.Open(directory);
        var tokenizer = folder.CreateTokenizer();
        var model = new BertForSequenceClassification(folder.Config, manifest.LabelNames.Count, manifest.ClassifierDropout);
        try
        {
            var report = BertWeights.LoadFile(model, folder.WeightsPath);
            if (report.NewlyInitialised.Count > 0)
                throw new InvalidDataException($"{folder.WeightsPath} lacks the trained classifier: {report}.");
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return new LoadedBertRun(model, tokenizer, manifest);
    }

    private static void WriteAtomically(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }

    private static void CopyAtomically(string source, string path)
    {
        if (Path.GetFullPath(source) == Path.GetFullPath(path)) return;
        var tmp = path + ".tmp";
        File.Copy(source, tmp, overwrite: true);
        File.Move(tmp, path, overwrite: true);
    }
}
