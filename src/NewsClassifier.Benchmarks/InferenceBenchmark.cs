using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Models;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Text;
using NewsClassifier.ML.Training;
using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.Benchmarks;

/// <summary>
/// Inference latency (single article, p50/p99, tokenisation included) and batch throughput of the custom transformer,
/// for the lesson's shape (every article padded to 256) and ours (masked, padded to the batch's longest), vs PyTorch.
/// Weights are untrained (latency does not depend on their values) unless --model points at a trained model folder.
/// Usage: infer [--recipes custom-lesson,custom] [--threads N] [--no-peer] [--peer-blas DIR|system] [--peer-default-malloc] [--data file.csv] [--model dir]
/// </summary>
public sealed class InferenceBenchmark : IBenchmark
{
    private const int Warmup = 30;
    private const int SingleRuns = 300;
    private const int BatchSize = 64;

    public string Name => "infer";
    public string Description => "Custom transformer inference: single-article latency p50/p99 and batch throughput, vs PyTorch";

    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = BenchOptions.Parse(args, defaultEpochs: 1);
        TorchRuntime.Initialize(new TorchOptions { Device = "cpu", Threads = options.Threads });
        var data = AgNewsSample.Load(options.DataPath);
        var (train, validation) = StratifiedSplit.Split(data.Labels, 0.2, seed: 42);
        var texts = validation.Select(i => data.Texts[i]).ToArray();
        BenchEnvironment.Print($"infer: {texts.Length} validation articles; {SingleRuns} single predictions after {Warmup} warm-up; batches of {BatchSize}");

        var rows = new List<string[]>();
        // Latency and attention are measured for the transformer recipes (the baseline has neither a peer nor attention).
        var recipes = options.ModelDirectory is null ? options.Recipes.Where(CustomTransformerFamily.Instance.RecipeNames.Contains).ToList() : ["model folder"];
        foreach (var recipe in recipes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            HyperParameters? hp = null;
            string modelDir;
            if (options.ModelDirectory is not null) modelDir = options.ModelDirectory;
            else
            {
                hp = ParameterSet.Parse(recipe, options.Overrides).Value ?? throw new ArgumentException($"Bad parameters for {recipe}.");
                modelDir = UntrainedModelFolder(data, train, hp);
            }
            using var predictor = CustomTransformerPredictor.Load(modelDir);
            Console.WriteLine($"== {recipe}: mask_padding={predictor.Config.MaskPadding}, max_length={predictor.Config.MaxLength}, {ModelSummaryLine(predictor)}");

            for (int i = 0; i < Warmup; i++) predictor.Predict(texts[i % texts.Length]);
            var latencies = new double[SingleRuns];
            for (int i = 0; i < SingleRuns; i++)
            {
                var clock = Stopwatch.StartNew();
                predictor.Predict(texts[i % texts.Length]);
                latencies[i] = clock.Elapsed.TotalMilliseconds;
            }
            Array.Sort(latencies);
            var batchClock = Stopwatch.StartNew();
            predictor.PredictBatch(texts, BatchSize);
            double throughput = texts.Length / batchClock.Elapsed.TotalSeconds;
            double p50 = Percentile(latencies, 0.50), p99 = Percentile(latencies, 0.99);
            rows.Add([recipe, "TorchSharp", p50.ToString("F2"), p99.ToString("F2"), throughput.ToString("F0")]);

            if (!options.NoPeer && hp is not null)
            {
                var peer = CustomTransformerPeer.Run("infer", data, train, validation, hp, options.Target, options.Peer);
                if (peer is null) rows.Add([recipe, "PyTorch", "unavailable", "", ""]);
                else
                {
                    double pp50 = peer.Value.GetProperty("single_p50_ms").GetDouble();
                    double pp99 = peer.Value.GetProperty("single_p99_ms").GetDouble();
                    double pthr = peer.Value.GetProperty("batch_articles_per_second").GetDouble();
                    rows.Add([recipe, $"PyTorch {peer.Value.GetProperty("torch_version").GetString()}", pp50.ToString("F2"), pp99.ToString("F2"), pthr.ToString("F0")]);
                    if (PeerEnvironment.RatioRefusal(peer.Value.GetProperty("blas").GetString()!) is { } refusal) Console.WriteLine($"  {refusal}");
                    else rows.Add([recipe, "ratio TorchSharp/PyTorch", (p50 / pp50).ToString("F2") + "x", (p99 / pp99).ToString("F2") + "x", (throughput / pthr).ToString("F2") + "x"]);
                }
            }
        }
        Console.WriteLine();
        BenchEnvironment.Table(["recipe", "engine", "single p50 ms", "single p99 ms", $"batch({BatchSize}) articles/s"], rows);
        Console.WriteLine("(TorchSharp timings include tokenisation; the PyTorch peer receives ids already encoded.)");
        BenchEnvironment.Print("done");
        return Task.FromResult(0);
    }

    private static string ModelSummaryLine(CustomTransformerPredictor predictor) =>
        $"vocabulary {predictor.Vectorizer.VocabularySize:N0}";

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    /// <summary>A real model folder (vocabulary adapted on the training split, seeded initial weights) without spending minutes training.</summary>
    private static string UntrainedModelFolder(TrainingData data, IReadOnlyList<int> train, HyperParameters hp)
    {
        var vectorizer = TextVectorizer.Adapt(train.Select(i => data.Texts[i]), hp.Shape.VocabSize);
        var config = hp.ModelConfig(vectorizer.VocabularySize, data.LabelNames.Count);
        using var model = new CustomTransformerClassifier(config, hp.Seed);
        var dir = Path.Combine(Path.GetTempPath(), "nc-bench-infer", Guid.NewGuid().ToString("N"));
        ModelCheckpoint.Save(dir, model, vectorizer, new CheckpointManifest
        {
            Model = config, Recipe = hp.Recipe, HyperParameters = ParameterSet.ToStrings(hp), LabelNames = data.LabelNames,
        });
        return dir;
    }
}
