using NewsClassifier.Application.Resources;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Training.Bert;
using NewsClassifier.ML.Text;

namespace NewsClassifier.Application.Pretrained;

/// <summary>What a valid folder holds, for the checkpoint's row.</summary>
public sealed record PretrainedFolderSummary(
    BertConfig Config, int VocabFileTokens, string WeightsFile, string WeightsFormat, long TotalBytes, bool LowerCase)
{
    public long ParameterCount => Config.BodyParameterCount();
}

/// <summary>
/// Checks a Hugging Face BERT folder before it is marked Ready: config.json is a valid BERT config, vocab.txt loads
/// with no more tokens than <c>vocab_size</c> (fewer is fine: several published checkpoints pad the embedding matrix
/// past the vocabulary file, and those rows are never looked up; more would produce ids outside the embedding),
/// and a weights file passes <see cref="IPretrainedWeightsCheck"/>. Every error names the file.
/// Before the weights check builds anything, the model config.json describes is sized (<see cref="CheckSize"/>): its keys
/// are within <see cref="BertConfig.UpperBounds"/> (checked when it is parsed), it fits the model budget, and the weights
/// file's own index lists at least the values it implies, so a config claiming 100,000 layers next to a small file is
/// refused without allocating a single layer.
/// </summary>
public sealed class PretrainedFolderValidator(IPretrainedWeightsCheck weightsCheck, ResourceBudget budget)
{
    public PretrainedFolderSummary Validate(string folder)
    {
        var config = ReadConfig(folder);

        var vocabPath = Path.Combine(folder, PretrainedFiles.Vocabulary);
        if (!File.Exists(vocabPath)) throw new PretrainedException($"{PretrainedFiles.Vocabulary} is missing: the BERT tokenizer needs the WordPiece vocabulary.");
        BertTextTokenizer tokenizer;
        try
        {
            tokenizer = BertTextTokenizer.Create(vocabPath);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var file = e is JsonException ? PretrainedFiles.TokenizerConfig : PretrainedFiles.Vocabulary;
            throw new PretrainedException($"{file} cannot be read: {e.Message}", e);
        }
        if (tokenizer.VocabularySize > config.VocabSize)
            throw new PretrainedException($"{PretrainedFiles.Vocabulary} has {tokenizer.VocabularySize:N0} tokens but config.json's vocab_size is {config.VocabSize:N0}: " +
                                          "ids past the embedding would be produced. The two files belong to different models.");

        var (weightsFile, format) = File.Exists(Path.Combine(folder, PretrainedFiles.SafeTensors))
            ? (PretrainedFiles.SafeTensors, PretrainedFiles.SafeTensorsFormat)
            : File.Exists(Path.Combine(folder, PretrainedFiles.PyTorchBin))
                ? (PretrainedFiles.PyTorchBin, PretrainedFiles.PyTorchBinFormat)
                : throw new PretrainedException($"No weights: neither {PretrainedFiles.SafeTensors} nor {PretrainedFiles.PyTorchBin} is in the folder.");
        CheckSize(config, Path.Combine(folder, weightsFile));
        try
        {
            weightsCheck.Check(Path.Combine(folder, weightsFile), format, config);
        }
        catch (InvalidDataException e)
        {
            throw new PretrainedException(e.Message.Contains(weightsFile, StringComparison.Ordinal) ? e.Message : $"{weightsFile}: {e.Message}", e);
        }

        var total = new DirectoryInfo(folder).EnumerateFiles().Sum(f => f.Length);
        return new PretrainedFolderSummary(config, tokenizer.VocabularySize, weightsFile, format, total, tokenizer.LowerCase);
    }

    /// <summary>config.json parsed within <see cref="BertConfig.UpperBounds"/> and sized against the model budget: the checks
    /// that need no other file, so a hub download can make them before it fetches the weights.</summary>
    public BertConfig ReadConfig(string folder)
    {
        var configPath = Path.Combine(folder, PretrainedFiles.Config);
        if (!File.Exists(configPath)) throw new PretrainedException($"{PretrainedFiles.Config} is missing: a Hugging Face BERT folder has config.json, vocab.txt and model.safetensors or pytorch_model.bin.");
        if (new FileInfo(configPath).Length > BertConfig.MaxConfigBytes)
            throw new PretrainedException($"{PretrainedFiles.Config} is {new FileInfo(configPath).Length:N0} bytes; a BERT config.json may be at most {BertConfig.MaxConfigBytes:N0}.");
        BertConfig config;
        try
        {
            config = BertConfig.Parse(File.ReadAllText(configPath));
        }
        catch (InvalidDataException e)
        {
            throw new PretrainedException(e.Message.StartsWith(PretrainedFiles.Config, StringComparison.Ordinal) ? e.Message : $"{PretrainedFiles.Config}: {e.Message}", e);
        }
        if (budget.RefuseModel(BertSizing.ImportBytes(config), config.BodyParameterCount(), "", "import") is { } refusal)
            throw new PretrainedException($"{PretrainedFiles.Config}: {refusal}");
        return config;
    }

    /// <summary>The model config.json implies against the tensors the weights file lists (nothing read but its index).</summary>
    private void CheckSize(BertConfig config, string weightsPath)
    {
        var name = Path.GetFileName(weightsPath);
        long implied = config.BodyParameterCount();
        IReadOnlyList<TensorInfo> index;
        try
        {
            index = StateDictReader.ReadIndex(weightsPath);
        }
        catch (InvalidDataException e)
        {
            throw new PretrainedException(e.Message.Contains(name, StringComparison.Ordinal) ? e.Message : $"{name}: {e.Message}", e);
        }
        long listed = index.Sum(t => t.Numel);
        if (listed < implied)
            throw new PretrainedException($"{PretrainedFiles.Config} describes a BERT body of {implied:N0} parameters ({config.NumHiddenLayers:N0} layers, hidden {config.HiddenSize:N0}), " +
                                          $"but {name} lists only {listed:N0} values in {index.Count:N0} tensors: the config does not belong to these weights.");
    }
}
