using System.Security.Cryptography;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;
using TorchSharp;

namespace NewsClassifier.TestSupport;

/// <summary>
/// A tiny Hugging Face BERT folder written by the tests: L-2/H-32/A-2/I-64, a 20-token vocabulary, and a
/// model.safetensors holding every BertModel tensor with its real name and shape (random values).
/// </summary>
public static class TinyCheckpoint
{
    public static readonly string[] Vocabulary =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "a", "of", "news", "sport", "business", "world",
        "science", "market", "game", "team", "stock", "##s", "##ing", ".",
    ];

    public static BertConfig Config { get; } = new()
    {
        VocabSize = Vocabulary.Length, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 2, IntermediateSize = 64, MaxPositionEmbeddings = 64,
    };

    public static string ConfigJson(BertConfig? config = null) => (config ?? Config).ToJson();

    /// <summary>Writes config.json, vocab.txt and the weights (safetensors, or a PyTorch-style zip .bin) into <paramref name="folder"/>.</summary>
    public static string Write(string folder, bool bin = false, bool withTokenizerConfig = false)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), ConfigJson());
        File.WriteAllLines(Path.Combine(folder, "vocab.txt"), Vocabulary);
        if (withTokenizerConfig) File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{"do_lower_case": false}""");
        if (bin) WriteBin(Path.Combine(folder, "pytorch_model.bin"));
        else WriteSafeTensors(Path.Combine(folder, "model.safetensors"));
        return folder;
    }

    public static void WriteSafeTensors(string path)
    {
        var tensors = Shapes().ToDictionary(s => s.Name, s => torch.randn(s.Shape));
        try { SafeTensors.Write(path, tensors); }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }

    /// <summary>A real torch.save zip of the same tensors (the ML tests' writer emits torch's own pickle opcodes).</summary>
    public static void WriteBin(string path)
    {
        var tensors = Shapes().ToDictionary(s => s.Name, s => torch.randn(s.Shape));
        try { TorchSaveWriter.Write(path, tensors); }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }

    /// <summary>Every tensor of Hugging Face BertModel under the "bert." prefix, as google's checkpoints name them.</summary>
    public static IEnumerable<(string Name, long[] Shape)> Shapes()
    {
        long h = Config.HiddenSize, i = Config.IntermediateSize;
        yield return ("bert.embeddings.word_embeddings.weight", [Config.VocabSize, h]);
        yield return ("bert.embeddings.position_embeddings.weight", [Config.MaxPositionEmbeddings, h]);
        yield return ("bert.embeddings.token_type_embeddings.weight", [Config.TypeVocabSize, h]);
        yield return ("bert.embeddings.LayerNorm.weight", [h]);
        yield return ("bert.embeddings.LayerNorm.bias", [h]);
        for (var layer = 0; layer < Config.NumHiddenLayers; layer++)
        {
            var p = $"bert.encoder.layer.{layer}.";
            foreach (var name in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                yield return (p + name + ".weight", [h, h]);
                yield return (p + name + ".bias", [h]);
            }
            yield return (p + "attention.output.LayerNorm.weight", [h]);
            yield return (p + "attention.output.LayerNorm.bias", [h]);
            yield return (p + "intermediate.dense.weight", [i, h]);
            yield return (p + "intermediate.dense.bias", [i]);
            yield return (p + "output.dense.weight", [h, i]);
            yield return (p + "output.dense.bias", [h]);
            yield return (p + "output.LayerNorm.weight", [h]);
            yield return (p + "output.LayerNorm.bias", [h]);
        }
        yield return ("bert.pooler.dense.weight", [h, h]);
        yield return ("bert.pooler.dense.bias", [h]);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The folder's files keyed by name, as a hub serves them.</summary>
    public static Dictionary<string, byte[]> Files(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
}
