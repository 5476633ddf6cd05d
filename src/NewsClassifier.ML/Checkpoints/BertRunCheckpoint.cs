using System.Text.Json;
using System.Text.Json.Nodes;
using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.ML.Checkpoints;

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
        AtomicFile.Copy(pretrained.VocabPath, In(BertFolder.VocabFile));
        var tokenizerConfig = Path.Combine(pretrained.Directory, BertFolder.TokenizerConfigFile);
        if (File.Exists(tokenizerConfig)) AtomicFile.Copy(tokenizerConfig, In(BertFolder.TokenizerConfigFile));
        AtomicFile.WriteText(In(BertFolder.ConfigFile), ConfigJson(model, manifest));
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
        foreach (var (key, value) in JsonSerializer.SerializeToNode(manifest, RunManifest.JsonOptions)!.AsObject().ToList())
        {
            if (key == "classifier_dropout") continue;
            config[key] = value?.DeepClone();
        }
        return config.ToJsonString(RunManifest.JsonOptions);
    }

    public static BertRunManifest ReadManifest(string directory) => RunManifest.Read<BertRunManifest>(directory, CurrentFormat);

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
}
