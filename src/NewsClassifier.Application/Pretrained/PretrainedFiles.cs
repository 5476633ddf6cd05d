namespace NewsClassifier.Application.Pretrained;

/// <summary>File names of a Hugging Face BERT folder.</summary>
public static class PretrainedFiles
{
    public const string Config = "config.json";
    public const string Vocabulary = "vocab.txt";
    public const string TokenizerConfig = "tokenizer_config.json";
    public const string SafeTensors = "model.safetensors";
    public const string PyTorchBin = "pytorch_model.bin";

    public const string SafeTensorsFormat = "safetensors";
    public const string PyTorchBinFormat = "pytorch_bin";

    /// <summary>The files the app keeps from a folder or zip (others, like TF or Flax weights, are left out).</summary>
    public static readonly IReadOnlySet<string> Kept = new HashSet<string>(StringComparer.Ordinal)
    {
        Config, Vocabulary, TokenizerConfig, SafeTensors, PyTorchBin, "special_tokens_map.json", "tokenizer.json",
    };
}
