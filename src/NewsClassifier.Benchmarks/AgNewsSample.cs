using System.Text;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Text;
using NewsClassifier.ML.Training;
using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.Benchmarks;

/// <summary>The shared AG News sample: label,title,description with a header; text = title + ' ' + description, label 1-4 -> 0-3.</summary>
internal static class AgNewsSample
{
    public static readonly string[] LabelNames = ["World", "Sports", "Business", "Sci/Tech"];

    /// <summary>The sample at <paramref name="path"/> (usually <see cref="SharedFiles.AgNewsSample"/>).</summary>
    public static TrainingData Load(string path)
    {
        var texts = new List<string>();
        var labels = new List<int>();
        using var reader = new StreamReader(path, Encoding.UTF8);
        bool header = true;
        foreach (var fields in ReadCsv(reader))
        {
            if (header) { header = false; if (fields[0] == "label") continue; }
            texts.Add(fields[1] + " " + fields[2]);
            labels.Add(int.Parse(fields[0], CultureInfo.InvariantCulture) - 1);
        }
        return new TrainingData(texts, labels, LabelNames);
    }

    /// <summary>RFC 4180: quoted fields may hold commas, doubled quotes and new lines.</summary>
    private static IEnumerable<string[]> ReadCsv(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            char ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                    else quoted = false;
                }
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r')); field.Clear();
                yield return [.. fields];
                fields.Clear(); any = false;
            }
            else field.Append(ch);
        }
        if (any) { fields.Add(field.ToString().TrimEnd('\r')); yield return [.. fields]; }
    }
}

/// <summary>Runs reference/custom_transformer.py with Debian's /usr/bin/python3 on the same vectorised split.</summary>
internal static class CustomTransformerPeer
{
    public static JsonElement? Run(string mode, TrainingData data, IReadOnlyList<int> train, IReadOnlyList<int> validation,
        HyperParameters hp, double target, PeerEnvironment environment, int? maxEpochs = null)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "reference", "custom_transformer.py");
        // Same vocabulary and ids as the C# trainer builds (adapted on the training texts only).
        var vectorizer = TextVectorizer.Adapt(train.Select(i => data.Texts[i]), hp.Shape.VocabSize);
        long[][] Encode(IEnumerable<int> rows) => rows.Select(i => vectorizer.EncodeUnpadded(data.Texts[i], hp.Shape.MaxLength)).ToArray();
        var config = hp.ModelConfig(vectorizer.VocabularySize, data.LabelNames.Count);
        var job = new
        {
            mode,
            threads = environment.Threads,
            target_accuracy = target,
            model = new
            {
                vocab_size = config.VocabSize, max_length = config.MaxLength, embed_dim = config.EmbedDim, num_heads = config.NumHeads,
                key_dim = config.KeyDim, ff_dim = config.FfDim, dropout = config.Dropout, num_blocks = config.NumBlocks,
                dense_units = config.DenseUnits, num_classes = config.NumClasses, layer_norm_eps = config.LayerNormEps, mask_padding = config.MaskPadding,
            },
            training = new
            {
                optimizer = hp.Optimizer.ToString().ToLowerInvariant(), learning_rate = hp.LearningRate, weight_decay = hp.WeightDecay,
                momentum = hp.Momentum, schedule = hp.Schedule.ToString().ToLowerInvariant(), warmup_fraction = hp.WarmupFraction,
                label_smoothing = hp.LabelSmoothing, gradient_clip = hp.GradientClip, batch_size = hp.BatchSize, epochs = Math.Min(hp.Epochs, maxEpochs ?? hp.Epochs), schedule_epochs = hp.Epochs,
                seed = hp.Seed, bucket_by_length = hp.BucketByLength, stop_at_target = hp.TargetAccuracy > 0,
            },
            train_ids = Encode(train), train_labels = train.Select(i => data.Labels[i]).ToArray(),
            val_ids = Encode(validation), val_labels = validation.Select(i => data.Labels[i]).ToArray(),
        };
        Console.WriteLine($"  running PyTorch peer ({mode}; {environment.Describe()}) ...");
        var peer = PythonPeer.Run(script, job, environment);
        if (peer is JsonElement answer) Console.WriteLine($"    peer loaded {answer.GetProperty("blas").GetString()}");
        return peer;
    }
}

internal static class BenchEnvironment
{
    /// <summary>Timings on a shared 2-core VM are noisy: every line carries the load average so a reader can tell.</summary>
    public static void Print(string message)
    {
        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        var info = TorchRuntime.Info;
        Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message} | loadavg {load} | cores {Environment.ProcessorCount}, torch threads {info.Threads}, TorchSharp {info.TorchSharpVersion}");
    }

    public static void Table(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(string.Join(" | ", header.Select((h, i) => h.PadRight(widths[i]))));
        Console.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var r in rows) Console.WriteLine(string.Join(" | ", r.Select((v, i) => v.PadRight(widths[i]))));
    }
}
