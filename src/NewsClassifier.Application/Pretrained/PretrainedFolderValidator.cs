using System.Text.Json;
using NewsClassifier.ML.Models.Bert;
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
/// </summary>
public sealed class PretrainedFolderValidator(IPretrainedWeightsCheck weightsCheck)
{
    public PretrainedFolderSummary Validate(string folder)
    {
        var configPath = Path.Combine(folder, PretrainedFiles.Config);
        if (!File.Exists(configPath)) throw new PretrainedException($"{PretrainedFiles.Config} is missing: a Hugging Face BERT folder has config.json, vocab.txt and model.safetensors or pytorch_model.bin.");
        BertConfig config;
        try
        {
            config = BertConfig.Parse(File.ReadAllText(configPath));
        }
        catch (InvalidDataException e)
        {
            throw new PretrainedException(e.Message.StartsWith(PretrainedFiles.Config, StringComparison.Ordinal) ? e.Message : $"{PretrainedFiles.Config}: {e.Message}", e);
        }

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
}
