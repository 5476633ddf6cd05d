using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsClassifier.ML.Models.Bert;

/// <summary>
/// Hugging Face <c>config.json</c> of a BERT checkpoint (<c>configuration_bert.py</c>): the JSON names are the
/// snake_case ones Hugging Face writes, so a model folder's config.json reads as is and writes back readable by
/// <c>transformers</c>. Defaults are bert-base-uncased. Unknown keys are ignored (checkpoints carry many).
/// </summary>
public sealed record BertConfig
{
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 30522;
    [JsonPropertyName("hidden_size")] public int HiddenSize { get; init; } = 768;
    [JsonPropertyName("num_hidden_layers")] public int NumHiddenLayers { get; init; } = 12;
    [JsonPropertyName("num_attention_heads")] public int NumAttentionHeads { get; init; } = 12;
    [JsonPropertyName("intermediate_size")] public int IntermediateSize { get; init; } = 3072;
    /// <summary>Only <c>gelu</c> (erf, as BERT was trained), <c>gelu_new</c>/<c>gelu_pytorch_tanh</c> (tanh approximation) and <c>relu</c>.</summary>
    [JsonPropertyName("hidden_act")] public string HiddenAct { get; init; } = "gelu";
    [JsonPropertyName("hidden_dropout_prob")] public double HiddenDropoutProb { get; init; } = 0.1;
    [JsonPropertyName("attention_probs_dropout_prob")] public double AttentionProbsDropoutProb { get; init; } = 0.1;
    [JsonPropertyName("max_position_embeddings")] public int MaxPositionEmbeddings { get; init; } = 512;
    [JsonPropertyName("type_vocab_size")] public int TypeVocabSize { get; init; } = 2;
    [JsonPropertyName("layer_norm_eps")] public double LayerNormEps { get; init; } = 1e-12;
    [JsonPropertyName("pad_token_id")] public int PadTokenId { get; init; }
    [JsonPropertyName("model_type")] public string ModelType { get; init; } = "bert";

    /// <summary>
    /// Upper bounds a config.json must stay within, checked before anything is sized or built: generous for every published
    /// BERT (bert-large: 24 layers, hidden 1024, intermediate 4096, 16 heads; multilingual: 119,547 tokens; 512 positions),
    /// and small enough that no single key can make the model's size overflow or its allocation run away
    /// (a config saying 100,000 layers is refused here, not by the kernel). The byte budget then bounds the product.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> UpperBounds = new Dictionary<string, int>
    {
        ["vocab_size"] = 1_000_000,
        ["hidden_size"] = 8_192,
        ["num_hidden_layers"] = 128,
        ["num_attention_heads"] = 128,
        ["intermediate_size"] = 65_536,
        ["max_position_embeddings"] = 16_384,
        ["type_vocab_size"] = 64,
    };

    /// <summary>A config.json is a few hundred bytes; a larger file is refused before it is read.</summary>
    public const long MaxConfigBytes = 1024 * 1024;

    public static readonly IReadOnlySet<string> SupportedActivations = new HashSet<string> { "gelu", "gelu_new", "gelu_pytorch_tanh", "relu" };

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>bert-base-uncased: 109,482,240 parameters in the body.</summary>
    public static BertConfig Base { get; } = new();

    /// <summary>The small BERT of the BERT recipes' reference (see RECIPES.md), <c>bert_en_uncased_L-4_H-128_A-2</c>: 4,782,464 parameters in Hugging Face form.</summary>
    public static BertConfig SmallL4H128A2 { get; } = new() { NumHiddenLayers = 4, HiddenSize = 128, NumAttentionHeads = 2, IntermediateSize = 512 };

    /// <summary>BERT-mini (L-4, H-256, A-4), the size the benchmark trains on CPU.</summary>
    public static BertConfig MiniL4H256A4 { get; } = new() { NumHiddenLayers = 4, HiddenSize = 256, NumAttentionHeads = 4, IntermediateSize = 1024 };

    public int HeadSize => HiddenSize / NumAttentionHeads;

    public static BertConfig Parse(string json)
    {
        BertConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<BertConfig>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"config.json is not a valid BERT config: {e.Message}", e);
        }
        return (config ?? throw new InvalidDataException("config.json is empty.")).Validate();
    }

    public static BertConfig Load(string configPath)
    {
        if (!File.Exists(configPath)) throw new FileNotFoundException($"No config.json at '{configPath}'.", configPath);
        if (new FileInfo(configPath).Length > MaxConfigBytes)
            throw new InvalidDataException($"{configPath} is {new FileInfo(configPath).Length:N0} bytes; a BERT config.json may be at most {MaxConfigBytes:N0}.");
        try
        {
            return Parse(File.ReadAllText(configPath));
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{configPath}: {e.Message}", e);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Throws <see cref="InvalidDataException"/> naming the first bad key; returns this for chaining.</summary>
    public BertConfig Validate()
    {
        static void Positive(int value, string key)
        {
            if (value < 1) throw new InvalidDataException($"'{key}' must be at least 1 (got {value}).");
            if (value > UpperBounds[key])
                throw new InvalidDataException($"'{key}' is {value:N0}, above the limit of {UpperBounds[key]:N0} for a BERT checkpoint (no published BERT comes near it).");
        }
        Positive(VocabSize, "vocab_size");
        Positive(HiddenSize, "hidden_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(IntermediateSize, "intermediate_size");
        Positive(MaxPositionEmbeddings, "max_position_embeddings");
        Positive(TypeVocabSize, "type_vocab_size");
        if (HiddenSize % NumAttentionHeads != 0)
            throw new InvalidDataException($"'hidden_size' ({HiddenSize}) is not a multiple of 'num_attention_heads' ({NumAttentionHeads}).");
        if (!SupportedActivations.Contains(HiddenAct))
            throw new InvalidDataException($"'hidden_act' is '{HiddenAct}'; supported: {string.Join(", ", SupportedActivations)}.");
        if (HiddenDropoutProb is < 0 or >= 1) throw new InvalidDataException($"'hidden_dropout_prob' must be in [0, 1) (got {HiddenDropoutProb}).");
        if (AttentionProbsDropoutProb is < 0 or >= 1) throw new InvalidDataException($"'attention_probs_dropout_prob' must be in [0, 1) (got {AttentionProbsDropoutProb}).");
        if (LayerNormEps <= 0) throw new InvalidDataException($"'layer_norm_eps' must be positive (got {LayerNormEps}).");
        if (PadTokenId < 0 || PadTokenId >= VocabSize) throw new InvalidDataException($"'pad_token_id' ({PadTokenId}) is outside the vocabulary.");
        if (ModelType != "bert") throw new InvalidDataException($"'model_type' is '{ModelType}'; only 'bert' checkpoints are supported.");
        return this;
    }

    /// <summary>
    /// Parameters of Hugging Face <c>BertModel</c> (embeddings, encoder, pooler) computed from the shapes alone, so
    /// the Models area can show a checkpoint's size without loading its weights. Equals the built model's count (tested).
    /// </summary>
    public long BodyParameterCount()
    {
        long h = HiddenSize, i = IntermediateSize;
        long embeddings = (VocabSize + MaxPositionEmbeddings + TypeVocabSize) * h + 2 * h;  // word/position/type + LayerNorm
        long attention = 3 * (h * h + h) + (h * h + h) + 2 * h;                                // q, k, v, output dense, LayerNorm
        long feedForward = (h * i + i) + (i * h + h) + 2 * h;                                   // intermediate, output, LayerNorm
        long pooler = h * h + h;
        return embeddings + NumHiddenLayers * (attention + feedForward) + pooler;
    }

    /// <summary>The <c>BertForSequenceClassification</c> head on the pooled output: hidden x labels + labels.</summary>
    public long ClassifierParameterCount(int numLabels) => (long)HiddenSize * numLabels + numLabels;
}
