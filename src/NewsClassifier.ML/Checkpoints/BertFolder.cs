using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>
/// A Hugging Face BERT model folder: <c>config.json</c>, <c>vocab.txt</c> (+ optional <c>tokenizer_config.json</c>,
/// which <see cref="BertTextTokenizer.Create"/> reads for <c>do_lower_case</c>) and the weights, <c>model.safetensors</c>
/// preferred over <c>pytorch_model.bin</c> as transformers does. Opening checks the files exist and the config is
/// valid; the weights are read only when a model is built.
/// </summary>
public sealed record BertFolder(string Directory, BertConfig Config, string VocabPath, string WeightsPath)
{
    public const string ConfigFile = "config.json";
    public const string VocabFile = "vocab.txt";
    public const string SafeTensorsFile = "model.safetensors";
    public const string PyTorchFile = "pytorch_model.bin";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    public string WeightsFormat => Path.GetFileName(WeightsPath) == SafeTensorsFile ? "safetensors" : "pytorch_bin";

    public static BertFolder Open(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new DirectoryNotFoundException($"BERT model folder not found: {directory}");
        string In(string file) => Path.Combine(directory, file);
        var config = BertConfig.Load(In(ConfigFile));
        if (!File.Exists(In(VocabFile))) throw new FileNotFoundException($"The BERT model folder '{directory}' has no {VocabFile}.", In(VocabFile));
        var weights = File.Exists(In(SafeTensorsFile)) ? In(SafeTensorsFile)
            : File.Exists(In(PyTorchFile)) ? In(PyTorchFile)
            : throw new FileNotFoundException($"The BERT model folder '{directory}' has neither {SafeTensorsFile} nor {PyTorchFile}.", In(SafeTensorsFile));
        return new BertFolder(Path.GetFullPath(directory), config, In(VocabFile), weights);
    }

    /// <summary>
    /// Writes <paramref name="model"/> as a Hugging Face folder (config.json, vocab.txt, model.safetensors with
    /// <c>bert.</c>-prefixed keys, as <c>BertForPreTraining</c> checkpoints have them): how the benchmark and the tests
    /// make checkpoints where no pretrained weights can be downloaded, and how a body is exported.
    /// </summary>
    public static BertFolder Create(string directory, BertModel model, IReadOnlyList<string> vocabulary, bool lowerCase = true)
    {
        if (vocabulary.Count > model.Config.VocabSize)
            throw new ArgumentException($"{vocabulary.Count} vocabulary tokens for vocab_size {model.Config.VocabSize}.", nameof(vocabulary));
        foreach (var special in new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]" })
            if (!vocabulary.Contains(special)) throw new ArgumentException($"The vocabulary lacks {special}.", nameof(vocabulary));
        System.IO.Directory.CreateDirectory(directory);
        string In(string file) => Path.Combine(directory, file);
        File.WriteAllText(In(ConfigFile), model.Config.ToJson());
        File.WriteAllLines(In(VocabFile), vocabulary);
        File.WriteAllText(In(TokenizerConfigFile), $$"""{"do_lower_case": {{(lowerCase ? "true" : "false")}}}""");
        var tensors = model.state_dict().ToDictionary(kv => BertWeights.BodyPrefix + kv.Key, kv => kv.Value);
        var tmp = In(SafeTensorsFile) + ".tmp";
        SafeTensors.Write(tmp, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        File.Move(tmp, In(SafeTensorsFile), overwrite: true);
        return Open(directory);
    }

    /// <summary>The folder's WordPiece tokenizer; its vocabulary must fit the model's embedding table.</summary>
    public BertTextTokenizer CreateTokenizer()
    {
        var tokenizer = BertTextTokenizer.Create(VocabPath);
        if (tokenizer.VocabularySize > Config.VocabSize)
            throw new InvalidDataException($"{VocabPath} has {tokenizer.VocabularySize:N0} tokens but config.json's vocab_size is {Config.VocabSize:N0}.");
        return tokenizer;
    }

    /// <summary>The body with the folder's weights (strict; see <see cref="BertWeights"/>).</summary>
    public BertModel LoadModel(long seed = 42)
    {
        var model = new BertModel(Config, seed);
        try
        {
            BertWeights.LoadFile(model, WeightsPath);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A classifier whose body comes from the folder; the head too when the folder holds one of the same size.</summary>
    public (BertForSequenceClassification Model, BertLoadReport Report) LoadForSequenceClassification(int numLabels, double? classifierDropout = null, long seed = 42)
    {
        var model = new BertForSequenceClassification(Config, numLabels, classifierDropout, seed);
        try
        {
            return (model, BertWeights.LoadFile(model, WeightsPath));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
