using NewsClassifier.ML.Models.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>What a load did: every checkpoint key is in exactly one of the lists.</summary>
public sealed record BertLoadReport(
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> Ignored,
    IReadOnlyList<string> NewlyInitialised)
{
    public override string ToString() =>
        $"{Loaded.Count} tensors loaded; {Ignored.Count} ignored{Sample(Ignored)}; {NewlyInitialised.Count} newly initialised{Sample(NewlyInitialised)}";

    private static string Sample(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? "" : $" ({string.Join(", ", keys.Take(4))}{(keys.Count > 4 ? ", ..." : "")})";
}

/// <summary>
/// Loads Hugging Face BERT state dicts into <see cref="BertModel"/> / <see cref="BertForSequenceClassification"/> by key
/// name, the way <c>from_pretrained</c> does: keys with or without the <c>bert.</c> prefix, the pre-training heads
/// (<c>cls.*</c>) and the <c>position_ids</c>/<c>token_type_ids</c> buffers ignored, TF-era <c>LayerNorm.gamma/beta</c>
/// read as weight/bias. Otherwise strict: a missing body key, an unexpected key or a shape difference fails the whole
/// load with every problem listed, before any weight is changed. The classification head is the one exception: a
/// checkpoint without one (a pre-trained body) or with another label count gets a freshly initialised head, reported.
/// </summary>
public static class BertWeights
{
    public const string BodyPrefix = "bert.";
    public const string HeadPrefix = "classifier.";

    /// <summary>Reads a safetensors or pytorch_model.bin file and loads it into the body.</summary>
    public static BertLoadReport LoadFile(BertModel model, string weightsPath)
    {
        using var file = ReadStateDict(weightsPath);
        return Load(model, file.Tensors, weightsPath);
    }

    /// <summary>Reads a safetensors or pytorch_model.bin file and loads it into body and (when it fits) head.</summary>
    public static BertLoadReport LoadFile(BertForSequenceClassification model, string weightsPath)
    {
        using var file = ReadStateDict(weightsPath);
        return Load(model, file.Tensors, weightsPath);
    }

    public static BertLoadReport Load(BertModel model, IReadOnlyDictionary<string, Tensor> checkpoint, string source)
    {
        var (body, head, ignored) = Split(checkpoint);
        ignored.AddRange(head.Keys.Select(k => HeadPrefix + k));
        var target = model.state_dict();
        Check(target, body, source, allowMissing: _ => false);
        Copy(target, body);
        return new BertLoadReport(body.Keys.ToList(), ignored, []);
    }

    public static BertLoadReport Load(BertForSequenceClassification model, IReadOnlyDictionary<string, Tensor> checkpoint, string source)
    {
        var (body, head, ignored) = Split(checkpoint);
        var target = model.state_dict();
        var wanted = body.ToDictionary(kv => BodyPrefix + kv.Key, kv => kv.Value);
        var headFits = head.Count > 0 && head.All(kv => target.TryGetValue(HeadPrefix + kv.Key, out var t) && t.shape.SequenceEqual(kv.Value.shape));
        if (headFits)
            foreach (var (k, v) in head) wanted[HeadPrefix + k] = v;
        else
            ignored.AddRange(head.Keys.Select(k => HeadPrefix + k)); // another label count: HF's ignore_mismatched_sizes

        Check(target, wanted, source, allowMissing: key => key.StartsWith(HeadPrefix, StringComparison.Ordinal));
        Copy(target, wanted);
        var fresh = target.Keys.Where(k => !wanted.ContainsKey(k)).ToList();
        return new BertLoadReport(wanted.Keys.ToList(), ignored, fresh);
    }

    /// <summary>
    /// The model's tensors under Hugging Face names (<c>bert.*</c>, <c>classifier.*</c>), ready for
    /// <see cref="SafeTensors.Write"/>: the saved file loads back here and in <c>transformers</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> HuggingFaceStateDict(BertForSequenceClassification model) => model.state_dict();

    /// <summary>Writes the model as Hugging Face <c>model.safetensors</c> (F32).</summary>
    public static void SaveSafeTensors(BertForSequenceClassification model, string path)
    {
        var tmp = path + ".tmp";
        SafeTensors.Write(tmp, HuggingFaceStateDict(model), new Dictionary<string, string> { ["format"] = "pt" });
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Body keys without the <c>bert.</c> prefix, head keys without <c>classifier.</c>, and what is ignored.</summary>
    private static (Dictionary<string, Tensor> Body, Dictionary<string, Tensor> Head, List<string> Ignored) Split(IReadOnlyDictionary<string, Tensor> checkpoint)
    {
        var body = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var head = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var ignored = new List<string>();
        foreach (var (original, tensor) in checkpoint)
        {
            var key = Modernise(original);
            if (key.StartsWith("cls.", StringComparison.Ordinal) || IsBuffer(key))
            {
                ignored.Add(original);
                continue;
            }
            if (key.StartsWith(HeadPrefix, StringComparison.Ordinal))
            {
                head[key[HeadPrefix.Length..]] = tensor;
                continue;
            }
            var bodyKey = key.StartsWith(BodyPrefix, StringComparison.Ordinal) ? key[BodyPrefix.Length..] : key;
            if (!body.TryAdd(bodyKey, tensor))
                throw new InvalidDataException($"The checkpoint has '{bodyKey}' both with and without the 'bert.' prefix.");
        }
        return (body, head, ignored);
    }

    /// <summary>Checkpoints converted from TensorFlow name LayerNorm's parameters gamma/beta; transformers renames them on load too.</summary>
    private static string Modernise(string key) =>
        key.EndsWith(".gamma", StringComparison.Ordinal) ? key[..^".gamma".Length] + ".weight"
        : key.EndsWith(".beta", StringComparison.Ordinal) ? key[..^".beta".Length] + ".bias"
        : key;

    private static bool IsBuffer(string key) =>
        key.EndsWith("embeddings.position_ids", StringComparison.Ordinal) || key.EndsWith("embeddings.token_type_ids", StringComparison.Ordinal);

    private static void Check(IReadOnlyDictionary<string, Tensor> target, IReadOnlyDictionary<string, Tensor> source, string from, Func<string, bool> allowMissing)
    {
        var missing = target.Keys.Where(k => !source.ContainsKey(k) && !allowMissing(k)).ToList();
        var unexpected = source.Keys.Where(k => !target.ContainsKey(k)).ToList();
        var shapes = source.Where(kv => target.TryGetValue(kv.Key, out var t) && !t.shape.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key}: checkpoint {Shape(kv.Value)}, model {Shape(target[kv.Key])}")
            .ToList();
        if (missing.Count + unexpected.Count + shapes.Count == 0) return;

        var lines = new List<string> { $"The weights in '{from}' do not fit this BERT config." };
        void Add(string title, List<string> items)
        {
            if (items.Count == 0) return;
            lines.Add($"{title} ({items.Count}): {string.Join(", ", items.Take(10))}{(items.Count > 10 ? $", ... and {items.Count - 10} more" : "")}");
        }
        Add("Missing keys", missing);
        Add("Unexpected keys", unexpected);
        Add("Shape differences", shapes);
        throw new InvalidDataException(string.Join(Environment.NewLine, lines));
    }

    private static void Copy(IReadOnlyDictionary<string, Tensor> target, IReadOnlyDictionary<string, Tensor> source)
    {
        using var _ = no_grad();
        foreach (var (key, value) in source)
        {
            var destination = target[key];
            destination.copy_(value.to_type(destination.dtype).to(destination.device));
        }
    }

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

    /// <summary>The one place that opens a weights file: safetensors or a torch.save zip, told apart by content.</summary>
    private static StateDict ReadStateDict(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file not found: {path}", path);
        return StateDictReader.Read(path);
    }
}
