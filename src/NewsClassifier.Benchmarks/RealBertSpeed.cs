using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Training.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.Benchmarks;

/// <summary>
/// Fine-tune speed of the real checkpoint (<see cref="RealBertCheckpoint"/>, all-MiniLM-L6-v2) in fp32, in bf16
/// (<see cref="Bf16Copy"/>, the app's <c>precision=bf16</c>) and in bf16 with attention dropout off (the fused attention
/// kernel) in one run, a step of each in turn: same articles, same length-bucketed batches of 32, AdamW + clip 1.0 with
/// dropout on, and batch-64 inference. Each row's achieved GFLOP/s is set against this
/// machine's matmul peak for that precision, measured first in the same run (2048x2048 matmuls).
/// </summary>
internal static class RealBertSpeed
{
    private const int Batch = 32;
    private const int InferBatch = 64;
    private const int MaxLength = 128;
    private const int MatmulSize = 2048;

    public static void Run(int steps, int warmup, int inferArticles, int seed, string dataPath, CancellationToken cancellationToken)
    {
        var folder = BertFolder.Open(RealBertCheckpoint.EnsureBuilt());
        var config = folder.Config;
        var tokenizer = folder.CreateTokenizer();
        var data = AgNewsSample.Load(dataPath);
        var articles = data.Texts.Select(t => BertInputs.Encode(tokenizer, t, MaxLength).Ids).ToArray();
        var labels = data.Labels.Select(l => (long)l).ToArray();
        var order = Enumerable.Range(0, articles.Length).ToArray();
        new Random(seed).Shuffle(order);
        int trainCount = (warmup + steps) * Batch;
        // Length-sorted batches in shuffled order, as the app's LengthBatcher makes them.
        var trainBatches = order.Take(trainCount).OrderBy(i => articles[i].Length).ThenBy(i => i).Chunk(Batch).ToArray();
        new Random(seed + 1).Shuffle(trainBatches);
        var inferBatches = order.Skip(trainCount).Take(inferArticles).OrderBy(i => articles[i].Length).Chunk(InferBatch).ToArray();

        Console.WriteLine();
        BenchEnvironment.Print($"bert, real checkpoint: {folder.Directory} (L-{config.NumHiddenLayers}/H-{config.HiddenSize}/A-{config.NumAttentionHeads}, " +
                               $"{config.BodyParameterCount():N0} body parameters); batches of {Batch} by length, {warmup} warm-up + {steps} measured steps per precision");
        var bf16Problem = Bf16Support.WhyNotFast(CPU);
        var peaks = new Dictionary<ScalarType, double> { [ScalarType.Float32] = MatmulPeak(ScalarType.Float32) };
        if (bf16Problem is null) peaks[ScalarType.BFloat16] = MatmulPeak(ScalarType.BFloat16);
        foreach (var (dtype, gflops) in peaks) Console.WriteLine($"  machine peak, {MatmulSize}x{MatmulSize} matmul {Name(dtype)}: {gflops:F0} GFLOP/s");

        // The last variant trains with attention dropout off, which lets libtorch's fused scaled_dot_product_attention
        // run in training too (its CPU kernel takes no dropout): what the fused kernel is worth here.
        (string Name, TrainingPrecision Precision, double? AttentionDropout)[] variants =
            [("fine-tune fp32", TrainingPrecision.Fp32, null), ("fine-tune bf16", TrainingPrecision.Bf16, null),
             ("fine-tune bf16, fused attention (attention dropout 0)", TrainingPrecision.Bf16, 0.0)];
        var rows = new List<string[]>();
        var runs = new List<FineTuneRun>();
        foreach (var (name, precision, attentionDropout) in variants)
        {
            if (precision == TrainingPrecision.Bf16 && bf16Problem is not null) rows.Add([name, "not run", "", "", "", "", bf16Problem]);
            else runs.Add(FineTuneRun.Start(name, precision, attentionDropout is { } p ? folder with { Config = config with { AttentionProbsDropoutProb = p } } : folder,
                data.LabelNames.Count, tokenizer.PadId, seed));
        }
        try
        {
            // Step by step in turn, so a change in the machine's load between variants lands on all of them alike.
            Console.WriteLine($"  {string.Join(", ", runs.Select(r => r.Name))}: one step of each in turn ...");
            for (int step = 0; step < trainBatches.Length; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rowsOfStep = trainBatches[step].Select(i => articles[i]).ToArray();
                var labelsOfStep = trainBatches[step].Select(i => labels[i]).ToArray();
                int length = BertInputs.PaddedLength(rowsOfStep.Max(r => r.Length), MaxLength);
                foreach (var run in runs) run.Step(rowsOfStep, length, labelsOfStep, measured: step >= warmup, 3 * ForwardFlops(config, rowsOfStep.Length, length));
            }
            double fp32Rate = runs[0].Rate;
            foreach (var run in runs)
            {
                var dtype = run.Precision == TrainingPrecision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;
                rows.Add([run.Name, run.Rate.ToString("F1", CultureInfo.InvariantCulture), (run.Seconds / steps).ToString("F2", CultureInfo.InvariantCulture),
                    run.Gflops.ToString("F0", CultureInfo.InvariantCulture), (run.Gflops / peaks[dtype]).ToString("P0", CultureInfo.InvariantCulture),
                    (run.Rate / fp32Rate).ToString("F2", CultureInfo.InvariantCulture) + "x", $"loss {run.FirstLoss:F3} -> {run.LastLoss:F3}"]);
            }
        }
        finally
        {
            foreach (var run in runs) run.Dispose();
        }

        Console.WriteLine("  inference fp32 ...");
        {
            var (model, _) = folder.LoadForSequenceClassification(data.LabelNames.Count, seed: seed);
            using var _m = model;
            model.eval();
            using var inference = inference_mode();
            foreach (var batch in inferBatches.Take(2)) Forward(model, batch.Select(i => articles[i]).ToArray(), tokenizer.PadId); // first shapes
            var clock = Stopwatch.StartNew();
            double flops = 0;
            int count = 0;
            foreach (var batch in inferBatches)
            {
                var rowsOfBatch = batch.Select(i => articles[i]).ToArray();
                flops += ForwardFlops(config, rowsOfBatch.Length, Forward(model, rowsOfBatch, tokenizer.PadId));
                count += rowsOfBatch.Length;
            }
            double seconds = clock.Elapsed.TotalSeconds, gflops = flops / seconds / 1e9;
            rows.Add([$"inference fp32, batches of {InferBatch}", (count / seconds).ToString("F1", CultureInfo.InvariantCulture), "",
                gflops.ToString("F0", CultureInfo.InvariantCulture), (gflops / peaks[ScalarType.Float32]).ToString("P0", CultureInfo.InvariantCulture), "", $"{count} articles"]);
        }
        BenchEnvironment.Table(["real checkpoint", "articles/s", "s/step", "GFLOP/s", "of matmul peak", "vs fp32", "note"], rows);
        Console.WriteLine("(GFLOP/s counts 2 FLOPs per weight per token in the encoder's matmuls plus attention's two (T x T) products, x3 for training;" +
                          " embeddings, LayerNorm, softmax and AdamW are not counted.)");
    }

    /// <summary>Forward FLOPs of the encoder for <paramref name="rows"/> sequences padded to <paramref name="length"/>.</summary>
    private static double ForwardFlops(BertConfig c, int rows, int length)
    {
        double h = c.HiddenSize, tokens = (double)rows * length;
        double weightsPerLayer = 4 * h * h + 2 * h * c.IntermediateSize;
        return c.NumHiddenLayers * (2 * weightsPerLayer * tokens + 4 * tokens * length * h);
    }

    private static int Forward(BertForSequenceClassification model, long[][] rows, long padId)
    {
        using var scope = NewDisposeScope();
        int length = BertInputs.PaddedLength(rows.Max(r => r.Length), MaxLength);
        var (ids, mask) = BertBatch.Pad(rows, length, padId);
        model.forward(ids, mask).softmax(-1).data<float>();
        return length;
    }

    private static double MatmulPeak(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var a = randn(MatmulSize, MatmulSize).to_type(dtype);
        var b = randn(MatmulSize, MatmulSize).to_type(dtype);
        for (int i = 0; i < 3; i++) matmul(a, b).Dispose();
        const int reps = 10;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++) matmul(a, b).Dispose();
        return 2.0 * MatmulSize * MatmulSize * MatmulSize * reps / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static string Name(ScalarType dtype) => dtype == ScalarType.BFloat16 ? "bf16" : "fp32";


    /// <summary>One variant's model, optimiser loop and timings.</summary>
    private sealed class FineTuneRun(string name, TrainingPrecision precision, BertForSequenceClassification model, Bf16Copy? bf16, BertFineTuneLoop loop) : IDisposable
    {
        public string Name => name;
        public TrainingPrecision Precision => precision;
        public double Seconds { get; private set; }
        public double FirstLoss { get; private set; } = double.NaN;
        public double LastLoss { get; private set; }
        private double _flops;
        private int _seen;

        public double Rate => _seen / Seconds;
        public double Gflops => _flops / Seconds / 1e9;

        public static FineTuneRun Start(string name, TrainingPrecision precision, BertFolder folder, int classes, long padId, int seed)
        {
            var (model, _) = folder.LoadForSequenceClassification(classes, seed: seed);
            var bf16 = precision == TrainingPrecision.Bf16 ? Bf16Copy.Of(model, folder.Config.HiddenDropoutProb, seed, CPU) : null;
            return new FineTuneRun(name, precision, model, bf16, new BertFineTuneLoop(model, 5e-5, 0.01, 1.0, padId, bf16));
        }

        public void Step(long[][] rows, int length, long[] labels, bool measured, double flops)
        {
            var clock = Stopwatch.StartNew();
            double loss = loop.Step(rows, length, labels);
            if (double.IsNaN(FirstLoss)) FirstLoss = loss;
            LastLoss = loss;
            if (!measured) return;
            Seconds += clock.Elapsed.TotalSeconds;
            _seen += rows.Length;
            _flops += flops;
        }

        public void Dispose()
        {
            loop.Dispose();
            bf16?.Dispose();
            model.Dispose();
        }
    }
}
