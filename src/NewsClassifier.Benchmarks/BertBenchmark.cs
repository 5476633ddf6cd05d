using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Text;
using static TorchSharp.torch;

namespace NewsClassifier.Benchmarks;

/// <summary>
/// BERT-mini (L-4, H-256, A-4) on CPU, TorchSharp against our PyTorch reference (reference/bert_reference.py) in the
/// same run: fine-tune throughput with dynamic padding and with every batch padded to max_length, inference latency
/// (single article, p50/p99) and batch-64 throughput under inference mode, peak RSS per phase. Both engines start from
/// the same random-init checkpoint (written with <see cref="BertFolder.Create"/>, seeded) and see the same WordPiece ids
/// (real AG News articles, tokenised once here) in the same batches. Then (or alone, with --equivalence) the numerical
/// equivalence check of <see cref="BertEquivalence"/>, and the real checkpoint's fine-tune speed in fp32 and bf16
/// (<see cref="RealBertSpeed"/>; --real-steps 0 skips it).
/// Usage: bert [--steps 10] [--real-steps 6] [--warmup 2] [--batch 32] [--max-length 128] [--threads N] [--single-runs 200]
///             [--infer-articles 1024] [--lr 5e-5] [--seed 42] [--no-peer] [--peer-default-malloc] [--peer-blas DIR|system]
///             [--equivalence | --no-equivalence] [--keep] [--data file.csv] [--vocab vocab.txt]
/// </summary>
public sealed class BertBenchmark : IBenchmark
{
    public string Name => "bert";
    public string Description => "BERT-mini (L-4/H-256/A-4): fine-tune and inference speed vs PyTorch, and numerical equivalence with it";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var o = BertBenchOptions.Parse(args);
        TorchRuntime.Initialize(new TorchOptions { Device = "cpu", Threads = o.Threads });
        int threads = TorchRuntime.Info.Threads;
        var config = BertConfig.MiniL4H256A4;
        var vocabulary = await File.ReadAllLinesAsync(o.VocabPath, cancellationToken);
        var work = Path.Combine(Path.GetTempPath(), "nc-bench-bert", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            int equivalenceExit = 0;
            if (!o.EquivalenceOnly)
            {
                var exit = RunSpeed(o, config, vocabulary, work, threads, cancellationToken);
                if (exit != 0) return exit;
                if (o.RealSteps > 0) RealBertSpeed.Run(o.RealSteps, o.Warmup, o.InferArticles, o.Seed, o.DataPath, cancellationToken);
            }
            if (!o.SkipEquivalence)
            {
                Console.WriteLine();
                equivalenceExit = BertEquivalence.Run(config, o.VocabPath, o.DataPath, Path.Combine(work, "equivalence"), o.Seed, threads, PeerEnvironment.Resolve(o.PeerBlas, o.PeerDefaultMalloc, threads), cancellationToken);
            }
            BenchEnvironment.Print("done");
            return equivalenceExit;
        }
        finally
        {
            if (o.Keep) Console.WriteLine($"  files kept in {work}");
            else Directory.Delete(work, recursive: true);
        }
    }

    private static int RunSpeed(BertBenchOptions o, BertConfig config, string[] vocabulary, string work, int threads, CancellationToken cancellationToken)
    {
        // The checkpoint both engines start from: a seeded random-init body in a Hugging Face folder.
        BertFolder folder;
        using (var body = new BertModel(config, o.Seed)) folder = BertFolder.Create(Path.Combine(work, "bert-mini"), body, vocabulary);
        var tokenizer = folder.CreateTokenizer();
        var data = AgNewsSample.Load(o.DataPath);

        // Tokenise every article once ([CLS] pieces [SEP], truncated to max_length, unpadded); the clock gives the per-article cost.
        var clock = Stopwatch.StartNew();
        var articles = data.Texts.Select(t => tokenizer.Encode([t], o.MaxLength, PaddingMode.Longest).InputIds[0]).ToArray();
        double tokeniseMs = clock.Elapsed.TotalMilliseconds / articles.Length;
        var labels = data.Labels.Select(l => (long)l).ToArray();

        var order = Enumerable.Range(0, articles.Length).ToArray();
        new Random(o.Seed).Shuffle(order);
        int trainCount = (o.Warmup + o.Steps) * o.Batch;
        if (trainCount + o.InferArticles > order.Length)
            throw new ArgumentException($"{trainCount} training + {o.InferArticles} inference articles asked; the sample has {order.Length}.");
        var trainBatches = order.Take(trainCount).Chunk(o.Batch).ToArray();
        // The same articles in length-sorted batches (then shuffled): what dynamic padding needs to pay off, since one long
        // article in a random batch of 32 pads the whole batch to nearly max_length.
        var bucketedBatches = order.Take(trainCount).OrderBy(i => articles[i].Length).ThenBy(i => i).Chunk(o.Batch).ToArray();
        new Random(o.Seed + 1).Shuffle(bucketedBatches);
        var phases = new (string Name, string Padding, int[][] Batches)[]
        {
            ("dynamic", "dynamic", trainBatches), ("fixed", "fixed", trainBatches), ("bucketed", "dynamic", bucketedBatches),
        };
        // Inference: held-out articles, batches of 64 sorted by length (what a length-bucketing predictor does).
        var inferSet = order.Skip(trainCount).Take(o.InferArticles).ToArray();
        var inferBatches = inferSet.OrderBy(i => articles[i].Length).Chunk(InferBatch).ToArray();

        BenchEnvironment.Print($"bert: BERT-mini L-{config.NumHiddenLayers}/H-{config.HiddenSize}/A-{config.NumAttentionHeads}, {config.BodyParameterCount() + config.ClassifierParameterCount(4):N0} parameters; " +
                               $"{articles.Length} articles tokenised ({tokeniseMs:F3} ms each), mean {articles.Average(a => a.Length):F1} tokens; " +
                               $"train batch {o.Batch}, {o.Warmup} warm-up + {o.Steps} measured steps per phase (dynamic, fixed, bucketed); infer {o.SingleRuns} singles, {inferSet.Length} in batches of {InferBatch}");

        var ts = new Dictionary<string, Figures>();
        foreach (var phase in phases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Console.WriteLine($"  TorchSharp: fine-tune, {phase.Name} ...");
            ts[phase.Name] = TrainTorchSharp(folder, o, articles, labels, phase.Batches, phase.Padding, tokenizer.PadId, cancellationToken);
            Console.WriteLine($"    {ts[phase.Name]}");
        }
        Console.WriteLine("  TorchSharp: inference ...");
        ts["infer"] = InferTorchSharp(folder, o, articles, inferSet, inferBatches, tokenizer.PadId);
        Console.WriteLine($"    {ts["infer"]}");

        Dictionary<string, Figures>? py = null;
        string peerName = "PyTorch";
        string? refusal = null;
        if (!o.NoPeer)
        {
            var environment = PeerEnvironment.Resolve(o.PeerBlas, o.PeerDefaultMalloc, threads);
            // On the netlib reference BLAS a step takes about 50 s here: the peer then runs a short, labelled version so the
            // default command stays within minutes (its figures are still per step / per article, only from fewer samples).
            bool reduced = environment.ExpectsNetlib;
            int peerWarmup = reduced ? 0 : o.Warmup;
            int[][] PeerBatches(int[][] batches) => reduced ? batches.Take(1).ToArray() : batches;
            Console.WriteLine($"  running PyTorch peer (bench; {environment.Describe()}" +
                              $"{(reduced ? "; netlib reference BLAS: reduced run, 1 step per phase without warm-up, 10 singles, 2 batches" : "")}) ...");
            var job = new
            {
                mode = "bench", threads, seed = o.Seed, num_labels = data.LabelNames.Count,
                config = JsonDocument.Parse(config.ToJson()).RootElement,
                weights = Path.Combine(folder.Directory, BertFolder.SafeTensorsFile),
                articles, labels,
                train = new
                {
                    phases = phases.Select(p => new { name = p.Name, padding = p.Padding, batches = PeerBatches(p.Batches) }).ToArray(),
                    warmup_steps = peerWarmup, max_length = o.MaxLength,
                    learning_rate = o.LearningRate, weight_decay = WeightDecay, gradient_clip = GradientClip,
                },
                infer = new
                {
                    warmup = reduced ? 1 : InferWarmup, single_runs = reduced ? 10 : o.SingleRuns, single = inferSet,
                    batches = reduced ? inferBatches.Take(2).ToArray() : inferBatches,
                },
            };
            var peer = BertPeer.Run(job, environment, cancellationToken);
            if (peer is JsonElement p)
            {
                peerName = $"PyTorch {p.GetProperty("torch_version").GetString()}";
                py = phases.ToDictionary(ph => ph.Name, ph => Figures.FromJson(p.GetProperty("train").GetProperty(ph.Name)));
                py["infer"] = Figures.FromJson(p.GetProperty("infer"));
                var blasUsed = p.GetProperty("blas").GetString() ?? "unknown";
                Console.WriteLine($"    peer: python {p.GetProperty("python_version").GetString()}, torch threads {p.GetProperty("threads").GetInt32()}, {blasUsed}");
                refusal = PeerEnvironment.RatioRefusal(blasUsed);
                if (refusal is not null) Console.WriteLine($"    {refusal}");
                peerName += blasUsed.StartsWith("OpenBLAS", StringComparison.Ordinal) ? " (OpenBLAS)" : blasUsed.StartsWith("netlib", StringComparison.Ordinal) ? " (netlib BLAS)" : "";
                if (reduced) peerName += ", reduced run";
            }
        }

        Console.WriteLine();
        PrintTable(o, ts, py, peerName, tokeniseMs, ratios: refusal is null);
        return 0;
    }

    private const int InferBatch = 64;
    private const int InferWarmup = 20;
    private const double WeightDecay = 0.01;
    private const double GradientClip = 1.0;

    private static Figures TrainTorchSharp(BertFolder folder, BertBenchOptions o, long[][] articles, long[] labels, int[][] batches,
        string padding, int padId, CancellationToken cancellationToken)
    {
        var (model, _) = folder.LoadForSequenceClassification(numLabels: 4, seed: o.Seed);
        using (model)
        using (var loop = new BertFineTuneLoop(model, o.LearningRate, WeightDecay, GradientClip, padId))
        {
            double startRss = PeakRss.Reset();
            double seconds = 0, cpuSeconds = 0, tokens = 0, real = 0, first = 0, last = 0;
            int seen = 0;
            for (int step = 0; step < batches.Length; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = batches[step].Select(i => articles[i]).ToArray();
                int length = padding == "dynamic" ? rows.Max(r => r.Length) : o.MaxLength;
                var clock = Stopwatch.StartNew();
                var cpu = CpuSeconds();
                double loss = loop.Step(rows, length, batches[step].Select(i => labels[i]).ToArray());
                double elapsed = clock.Elapsed.TotalSeconds;
                cpu = CpuSeconds() - cpu;
                if (step == 0) first = loss;
                last = loss;
                if (step == o.Warmup - 1) loop.ResetTime();
                if (step < o.Warmup) continue;
                seconds += elapsed;
                cpuSeconds += cpu;
                seen += rows.Length;
                tokens += rows.Length * length;
                real += rows.Sum(r => r.Length);
            }
            int measured = batches.Length - o.Warmup;
            var (f, b, u) = loop.Time;
            return new Figures(seen / seconds, seconds / measured, tokens / measured, real / measured, first, last, PeakRss.Megabytes(), null, null, null)
            {
                ForwardSeconds = f / measured, BackwardSeconds = b / measured, UpdateSeconds = u / measured, CpuSecondsPerStep = cpuSeconds / measured,
                StartRssMb = startRss,
            };
        }
    }

    private static Figures InferTorchSharp(BertFolder folder, BertBenchOptions o, long[][] articles, int[] singles, int[][] batches, int padId)
    {
        // Loaded once and kept (what the app's predictor cache does), eval mode, no autograd.
        var (model, _) = folder.LoadForSequenceClassification(numLabels: 4, seed: o.Seed);
        using (model)
        {
            model.eval();
            using var inference = inference_mode();
            double startRss = PeakRss.Reset();
            var latencies = new List<double>(o.SingleRuns);
            for (int n = 0; n < InferWarmup + o.SingleRuns; n++)
            {
                var row = articles[singles[n % singles.Length]];
                var clock = Stopwatch.StartNew();
                using (var scope = NewDisposeScope())
                {
                    var (ids, mask) = BertBatch.Pad([row], row.Length, padId);
                    model.forward(ids, mask).softmax(-1);
                }
                if (n >= InferWarmup) latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
            latencies.Sort();
            int count = 0;
            var batchClock = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                using var scope = NewDisposeScope();
                var rows = batch.Select(i => articles[i]).ToArray();
                var (ids, mask) = BertBatch.Pad(rows, rows.Max(r => r.Length), padId);
                model.forward(ids, mask).softmax(-1);
                count += rows.Length;
            }
            double throughput = count / batchClock.Elapsed.TotalSeconds;
            return new Figures(null, null, null, null, null, null, PeakRss.Megabytes(), Percentile(latencies, 0.50), Percentile(latencies, 0.99), throughput)
            {
                StartRssMb = startRss,
            };
        }
    }

    /// <summary>CPU time of the whole process (all threads): less disturbed than wall time when other work shares the cores.</summary>
    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static void PrintTable(BertBenchOptions o, Dictionary<string, Figures> ts, Dictionary<string, Figures>? py, string peerName, double tokeniseMs, bool ratios)
    {
        var rows = new List<string[]>();
        // higherIsBetter: the ratio column is always "TorchSharp speed / PyTorch speed" (above 1: TorchSharp faster).
        void Row(string metric, Func<Figures, double?> pick, string phase, string format, bool? higherIsBetter)
        {
            double? a = pick(ts[phase]);
            double? b = py is null ? null : pick(py[phase]);
            string ratio = !ratios || a is null || b is null || higherIsBetter is null || a == 0 || b == 0 ? ""
                : (higherIsBetter.Value ? a.Value / b.Value : b.Value / a.Value).ToString("F2", CultureInfo.InvariantCulture) + "x";
            rows.Add([metric, Fmt(a, format), py is null ? "not run" : Fmt(b, format), ratio]);
        }
        string fixedName = $"fixed {o.MaxLength}";
        // Freed memory stays in the heap (both processes run with the same malloc settings), so a phase starts where the last peaked.
        void RssRow(string metric, string phase)
        {
            static string Rss(Figures f) => $"{Fmt(f.PeakRssMb, "F0")} ({Fmt(f.StartRssMb, "F0")})";
            rows.Add([metric, Rss(ts[phase]), py is null ? "not run" : Rss(py[phase]), ""]);
        }
        Row("fine-tune articles/s, dynamic padding", f => f.ArticlesPerSecond, "dynamic", "F1", true);
        Row($"fine-tune articles/s, {fixedName} padding", f => f.ArticlesPerSecond, "fixed", "F1", true);
        Row("fine-tune articles/s, dynamic + length-bucketed batches", f => f.ArticlesPerSecond, "bucketed", "F1", true);
        Row("fine-tune s/step, dynamic padding", f => f.SecondsPerStep, "dynamic", "F3", false);
        Row($"fine-tune s/step, {fixedName} padding", f => f.SecondsPerStep, "fixed", "F3", false);
        Row("fine-tune s/step, dynamic + bucketed", f => f.SecondsPerStep, "bucketed", "F3", false);
        Row($"CPU s/step (all threads), {fixedName}", f => f.CpuSecondsPerStep, "fixed", "F3", false);
        Row("CPU s/step (all threads), dynamic + bucketed", f => f.CpuSecondsPerStep, "bucketed", "F3", false);
        Row($"  of which forward s, {fixedName}", f => f.ForwardSeconds, "fixed", "F3", false);
        Row($"  of which backward s, {fixedName}", f => f.BackwardSeconds, "fixed", "F3", false);
        Row($"  of which clip + AdamW s, {fixedName}", f => f.UpdateSeconds, "fixed", "F3", false);
        Row("tokens per batch (padded), dynamic", f => f.MeanTokensPerBatch, "dynamic", "F0", null);
        Row($"tokens per batch (padded), {fixedName}", f => f.MeanTokensPerBatch, "fixed", "F0", null);
        Row("tokens per batch (padded), dynamic + bucketed", f => f.MeanTokensPerBatch, "bucketed", "F0", null);
        Row("tokens per batch (real, not padding)", f => f.MeanRealTokensPerBatch, "dynamic", "F0", null);
        foreach (var phase in new[] { "dynamic", "bucketed" })
            rows.Add([$"speed-up over {fixedName} padding, {phase}",
                Fmt(ts[phase].ArticlesPerSecond / ts["fixed"].ArticlesPerSecond, "F2") + "x",
                py is null ? "not run" : Fmt(py[phase].ArticlesPerSecond / py["fixed"].ArticlesPerSecond, "F2") + "x", ""]);
        Row("loss, first step (dynamic)", f => f.FirstLoss, "dynamic", "F4", null);
        Row($"loss, last step (dynamic)", f => f.LastLoss, "dynamic", "F4", null);
        RssRow("peak RSS MB (at phase start), fine-tune dynamic", "dynamic");
        RssRow($"peak RSS MB (at phase start), fine-tune {fixedName}", "fixed");
        RssRow("peak RSS MB (at phase start), fine-tune bucketed", "bucketed");
        Row("inference single article p50 ms", f => f.SingleP50Ms, "infer", "F2", false);
        Row("inference single article p99 ms", f => f.SingleP99Ms, "infer", "F2", false);
        Row($"inference batch-{InferBatch} articles/s", f => f.BatchArticlesPerSecond, "infer", "F1", true);
        RssRow("peak RSS MB (at phase start), inference", "infer");
        rows.Add(["tokenisation ms/article (TorchSharp side, not in the timings above)", Fmt(tokeniseMs, "F3"), "", ""]);
        BenchEnvironment.Table(["metric", $"TorchSharp {TorchRuntime.Info.TorchSharpVersion}", peerName, "TorchSharp speed / PyTorch"], rows);
        Console.WriteLine("(Same checkpoint, ids and batches on both sides; fine-tune = AdamW + clip 1.0, dropout on; timings include padding into tensors; inference under inference_mode.)");
    }

    private static string Fmt(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";

    /// <summary>One engine's figures for one phase (training fields or inference fields set).</summary>
    private sealed record Figures(double? ArticlesPerSecond, double? SecondsPerStep, double? MeanTokensPerBatch, double? MeanRealTokensPerBatch,
        double? FirstLoss, double? LastLoss, double? PeakRssMb, double? SingleP50Ms, double? SingleP99Ms, double? BatchArticlesPerSecond)
    {
        public double? ForwardSeconds { get; init; }
        public double? BackwardSeconds { get; init; }
        public double? UpdateSeconds { get; init; }
        public double? CpuSecondsPerStep { get; init; }
        public double? StartRssMb { get; init; }

        public static Figures FromJson(JsonElement e)
        {
            double? Get(string name) => e.TryGetProperty(name, out var v) ? v.GetDouble() : null;
            return new Figures(Get("articles_per_second"), Get("seconds_per_step"), Get("mean_tokens_per_batch"), Get("mean_real_tokens_per_batch"),
                Get("first_loss"), Get("last_loss"), Get("peak_rss_mb"), Get("single_p50_ms"), Get("single_p99_ms"), Get("batch_articles_per_second"))
            {
                ForwardSeconds = Get("forward_seconds"), BackwardSeconds = Get("backward_seconds"), UpdateSeconds = Get("update_seconds"),
                CpuSecondsPerStep = Get("cpu_seconds_per_step"), StartRssMb = Get("start_rss_mb"),
            };
        }

        public override string ToString() => ArticlesPerSecond is not null
            ? $"{ArticlesPerSecond:F1} articles/s, {SecondsPerStep:F3} s/step, {MeanTokensPerBatch:F0} tokens/batch, loss {FirstLoss:F4} -> {LastLoss:F4}, peak RSS {PeakRssMb:F0} MB"
            : $"single p50 {SingleP50Ms:F2} ms, p99 {SingleP99Ms:F2} ms, batch {BatchArticlesPerSecond:F1} articles/s, peak RSS {PeakRssMb:F0} MB";
    }
}
