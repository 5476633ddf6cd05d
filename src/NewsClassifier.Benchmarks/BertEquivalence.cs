using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Text;
using static TorchSharp.torch;

namespace NewsClassifier.Benchmarks;

/// <summary>
/// Numerical equivalence of our TorchSharp BERT with the PyTorch reference (a Hugging Face-shaped BertForSequenceClassification):
/// the reference builds a seeded model, saves it as pytorch_model.bin (torch.save) and as model.safetensors, and computes
/// pooled_output, sequence_output and logits for a few real, padded articles. Each weights file is put in its own
/// Hugging Face folder, loaded through <see cref="BertFolder"/> (strict by-name loading), run on the same ids, and the
/// largest absolute differences are reported. A loader that cannot read a format yet is reported as pending, not failed.
/// </summary>
internal static class BertEquivalence
{
    private const int Articles = 4;
    private const int MaxLength = 64;
    /// <summary>float32 through 4 layers: differences come from summation order only (expected around 1e-6 to 1e-5).</summary>
    private const double Tolerance = 1e-4;

    public static int Run(BertConfig config, string vocabPath, string dataPath, string dir, int seed, int threads, PeerEnvironment peerEnvironment, CancellationToken cancellationToken)
    {
        BenchEnvironment.Print("bert equivalence: TorchSharp BertForSequenceClassification vs the PyTorch reference, same weights, same ids");
        Directory.CreateDirectory(dir);
        // Real articles of different lengths, so the batch has padding and the mask matters.
        var tokenizer = BertTextTokenizer.Create(vocabPath);
        var texts = AgNewsSample.Load(dataPath).Texts;
        var picked = Enumerable.Range(0, Articles).Select(k => texts[k * 7]).Select((t, k) => t[..Math.Min(t.Length, 40 + 80 * k)]).ToArray();
        var encoding = tokenizer.Encode(picked, MaxLength, PaddingMode.Longest);
        int labels = AgNewsSample.LabelNames.Length;

        var job = new
        {
            mode = "equivalence", threads, seed, num_labels = labels, out_dir = dir,
            config = JsonDocument.Parse(config.ToJson()).RootElement,
            input_ids = encoding.InputIds, attention_mask = encoding.AttentionMask,
        };
        Console.WriteLine($"  running PyTorch reference (equivalence): {Articles} articles padded to {encoding.InputIds[0].Length} tokens (real lengths {string.Join(", ", encoding.AttentionMask.Select(m => m.Sum()))}) ...");
        if (BertPeer.Run(job, peerEnvironment with { TunedMalloc = true }, cancellationToken) is not JsonElement peer)
        {
            Console.WriteLine("  equivalence not checked: the PyTorch reference did not run.");
            return 0;
        }
        // The reference writes its inputs and outputs next to the weights (reference_outputs.json; bert --keep leaves them on disk).
        using var written = JsonDocument.Parse(File.ReadAllText(peer.GetProperty("outputs").GetString()!));
        var o = written.RootElement;
        var expected = new Outputs(ToTensor(o.GetProperty("pooled_output")), ToTensor(o.GetProperty("sequence_output")), ToTensor(o.GetProperty("logits")));
        Console.WriteLine($"  reference: torch {peer.GetProperty("torch_version").GetString()}, {peer.GetProperty("keys").GetInt32()} state-dict keys, {peer.GetProperty("parameters").GetInt64():N0} parameters");

        var rows = new List<string[]>();
        bool failed = false;
        foreach (var file in new[] { BertFolder.SafeTensorsFile, BertFolder.PyTorchFile })
        {
            // One folder per format: BertFolder prefers model.safetensors when both are present.
            var folderDir = Path.Combine(dir, Path.GetFileNameWithoutExtension(file));
            Directory.CreateDirectory(folderDir);
            File.WriteAllText(Path.Combine(folderDir, BertFolder.ConfigFile), config.ToJson());
            File.Copy(vocabPath, Path.Combine(folderDir, BertFolder.VocabFile));
            File.Move(Path.Combine(dir, file), Path.Combine(folderDir, file));
            var folder = BertFolder.Open(folderDir);
            BertForSequenceClassification model;
            BertLoadReport report;
            try
            {
                (model, report) = folder.LoadForSequenceClassification(labels, seed: seed + 1); // another seed: every weight must come from the file
            }
            catch (Exception e) when (file == BertFolder.PyTorchFile && e is NotSupportedException or InvalidDataException)
            {
                // Today's loader reads safetensors only; the pytorch_model.bin reader (torch zip + restricted unpickler) plugs into the same call.
                rows.Add([file, "pending .bin reader", "", "", $"{e.GetType().Name}: {First(e.Message)}"]);
                continue;
            }
            using (model)
            {
                var actual = Forward(model, encoding);
                double dp = MaxAbsDiff(actual.Pooled, expected.Pooled), ds = MaxAbsDiff(actual.Sequence, expected.Sequence), dl = MaxAbsDiff(actual.Logits, expected.Logits);
                bool ok = Math.Max(dp, Math.Max(ds, dl)) <= Tolerance && report.NewlyInitialised.Count == 0;
                failed |= !ok;
                rows.Add([file, E(dp), E(ds), E(dl), $"{(ok ? "PASS" : "FAIL")} (tolerance {Tolerance:0e0}); {report}"]);
                actual.Dispose();
            }
        }
        expected.Dispose();
        Console.WriteLine();
        BenchEnvironment.Table(["weights file", "max |diff| pooled_output", "max |diff| sequence_output", "max |diff| logits", "result"], rows);
        return failed ? 1 : 0;
    }

    private sealed record Outputs(Tensor Pooled, Tensor Sequence, Tensor Logits) : IDisposable
    {
        public void Dispose()
        {
            Pooled.Dispose();
            Sequence.Dispose();
            Logits.Dispose();
        }
    }

    private static Outputs Forward(BertForSequenceClassification model, BertEncoding encoding)
    {
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        long b = encoding.InputIds.Length, t = encoding.InputIds[0].Length;
        var ids = tensor(encoding.InputIds.SelectMany(r => r).ToArray(), [b, t]);
        var mask = tensor(encoding.AttentionMask.SelectMany(r => r).ToArray(), [b, t]);
        using var body = model.Bert.Forward(ids, mask);
        var logits = model.forward(ids, mask);
        return new Outputs(body.PooledOutput.clone().MoveToOuterDisposeScope(), body.SequenceOutput.clone().MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }

    private static double MaxAbsDiff(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape)) throw new InvalidDataException($"Shapes differ: [{string.Join(", ", a.shape)}] vs [{string.Join(", ", b.shape)}].");
        using var d = (a - b).abs().max();
        return d.item<float>();
    }

    /// <summary>A nested JSON array of numbers as a float32 tensor of the same shape.</summary>
    private static Tensor ToTensor(JsonElement array)
    {
        var shape = new List<long>();
        for (var e = array; e.ValueKind == JsonValueKind.Array; e = e[0]) shape.Add(e.GetArrayLength());
        var values = new List<float>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Walk(x);
            else values.Add(e.GetSingle());
        }
        Walk(array);
        return tensor(values.ToArray(), shape.ToArray());
    }

    private static string E(double x) => x.ToString("0.00e0", CultureInfo.InvariantCulture);

    private static string First(string message) => message.Split('\n')[0];
}
