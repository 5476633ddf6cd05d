using NewsClassifier.Data.Storage;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Benchmarks.Load;

/// <summary>
/// The machine API against the running app (the same harness as <c>load</c>): a <c>custom</c> model trained with default
/// settings and promoted; <c>POST /api/classify</c> at each concurrency level; <c>POST /api/classify/batch</c> with 64- and
/// 256-article batches (articles/s); and, in this process, the same model folder's forward pass for one article and per
/// article in a batch of 64, so the HTTP overhead is visible beside the model's own time. Not a test.
/// </summary>
public sealed class ApiBenchmark : IBenchmark
{
    private const string Recipe = "custom";
    private const string ModelName = "api-model";
    private static readonly int[] BatchSizes = [64, 256];
    private static readonly int[] BatchClients = [1, 2];

    public string Name => "api";

    public string Description => "classify p50/p99 at 1/16/64 clients, batch articles/s (64, 256), in-process model time; [--levels 1,16,64] [--duration S] [--warmup S] [--json PATH] [--torch-threads N] [--web-dll PATH]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = LoadOptions.Parse(args);
        var startedAt = DateTime.UtcNow;
        using var harness = await LoadHarness.StartAsync(options, cancellationToken);
        var (runId, model) = await harness.TrainAndPromoteAsync(Recipe, ModelName, cancellationToken);
        var texts = AgNewsSample.Load(options.DataPath).Texts.Take(1000).ToList();
        LoadHarness.Print($"check: {await harness.Admin.ClassifyAsync(texts[0], cancellationToken)}");

        var levels = new List<LevelResult>();
        using (var load = new ClassifyLoad(harness.App.BaseAddress, null, LoadBenchmark.Bodies(texts), options.Levels.Max(), bearerToken: harness.Token))
            foreach (var clients in options.Levels)
                levels.Add(Printed(await harness.MeasureAsync(load, "classify", clients, options, cancellationToken), 1));
        foreach (var size in BatchSizes)
        {
            using var load = new ClassifyLoad(harness.App.BaseAddress, null, BatchBodies(texts, size), BatchClients.Max(), "/api/classify/batch", harness.Token);
            foreach (var clients in BatchClients)
                levels.Add(Printed(await harness.MeasureAsync(load, $"batch {size}", clients, options, cancellationToken), size));
        }
        var stop = await harness.App.StopAsync();
        LoadHarness.Print($"web app pid {harness.App.Id}: {stop}");

        var inProcess = ModelTime(ModelFolder(harness.Workspace.Directory, runId), texts, options.TorchThreads);
        LoadHarness.Print(inProcess);
        var markdown = Markdown(startedAt, LoadHarness.Machine("the web app and the load generator"), harness.Settings, model, levels, inProcess, stop);
        Console.WriteLine();
        Console.WriteLine(markdown);
        var json = JsonSerializer.Serialize(new { startedAt, model, settings = harness.Settings, levels, inProcess, stop }, new JsonSerializerOptions { WriteIndented = true });
        await File.WriteAllTextAsync(options.JsonPath, json, cancellationToken);
        await File.WriteAllTextAsync(Path.ChangeExtension(options.JsonPath, ".md"), markdown, cancellationToken);
        Console.WriteLine($"JSON: {options.JsonPath} (markdown next to it)");
        return levels.Where(l => l.Phase == "classify").All(l => l.Errors == 0) ? 0 : 1;
    }

    private static LevelResult Printed(LevelResult r, int articlesPerRequest)
    {
        LoadHarness.Print($"{r.Phase,-9} {r.Concurrency,3} clients: {r.Requests:N0} requests, {r.Errors} errors, {r.RequestsPerSecond:N0}/s " +
                          $"({r.RequestsPerSecond * articlesPerRequest:N0} articles/s), p50 {r.P50Ms:F2} ms, p90 {r.P90Ms:F2}, p99 {r.P99Ms:F2}, max {r.MaxMs:F1}; " +
                          $"CPU server {r.Cpu.ServerPercent:F0} %, generator {r.Cpu.GeneratorPercent:F0} %, loadavg {r.Cpu.LoadAverage}");
        return r;
    }

    /// <summary>Batch bodies of <paramref name="size"/> consecutive sample articles each, serialised once.</summary>
    private static List<byte[]> BatchBodies(IReadOnlyList<string> texts, int size) => Enumerable.Range(0, 16)
        .Select(b => JsonSerializer.SerializeToUtf8Bytes(new { articles = Enumerable.Range(0, size).Select(i => new { text = texts[(b * size + i) % texts.Count] }) }))
        .ToList();

    /// <summary>The run's model folder in the benchmark's data directory (what the app loaded).</summary>
    private static string ModelFolder(string dataDirectory, int runId)
    {
        var folder = Path.Combine(new DataPaths(dataDirectory).RunDirectory(runId), RunFolders.Model);
        return Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"No model folder for run {runId} at {folder}.");
    }

    /// <summary>The same model's forward pass in this process (the app stopped, so it has the cores): one article at a time
    /// over the first 1,000 sample articles, and per article in batches of 64; after a warm-up of 50 articles.</summary>
    private static string ModelTime(string modelFolder, IReadOnlyList<string> texts, int torchThreads)
    {
        if (torchThreads > 0) TorchSharp.torch.set_num_threads(torchThreads);
        using var predictor = RecipeCatalog.Load(modelFolder);
        foreach (var text in texts.Take(50)) predictor.Predict(text);
        var single = new List<double>(texts.Count);
        foreach (var text in texts)
        {
            long start = Stopwatch.GetTimestamp();
            predictor.Predict(text);
            single.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        single.Sort();
        long batchStart = Stopwatch.GetTimestamp();
        foreach (var chunk in texts.Chunk(64)) predictor.PredictBatch(chunk);
        var perArticle = Stopwatch.GetElapsedTime(batchStart).TotalMilliseconds / texts.Count;
        return $"in-process model time ({predictor.Recipe}, {texts.Count:N0} articles): one article p50 {single[single.Count / 2]:F3} ms, " +
               $"p99 {single[(int)Math.Ceiling(0.99 * single.Count) - 1]:F3} ms, mean {single.Average():F3} ms; in batches of 64: {perArticle:F3} ms per article " +
               $"({1000 / perArticle:N0} articles/s)";
    }

    private static string Markdown(DateTime startedAt, string machine, IReadOnlyDictionary<string, string> settings, string model,
        IReadOnlyList<LevelResult> levels, string inProcess, string stop)
    {
        var md = LoadReport.Header($"The machine API under load ({startedAt:yyyy-MM-dd HH:mm} UTC)", settings,
            [$"machine: {machine}", $"model: {model}", inProcess, $"web app stopped: {stop}"]);
        md.AppendLine("| endpoint | clients | requests | errors | req/s | articles/s | p50 ms | p90 ms | p99 ms | max ms | CPU app / generator | load average |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var l in levels)
        {
            int size = l.Phase.StartsWith("batch ", StringComparison.Ordinal) ? int.Parse(l.Phase[6..], CultureInfo.InvariantCulture) : 1;
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {l.Phase} | {l.Concurrency} | {l.Requests:N0} | {l.Errors} | {l.RequestsPerSecond:N0} | {l.RequestsPerSecond * size:N0} | {l.P50Ms:F2} | {l.P90Ms:F2} | " +
                $"{l.P99Ms:F2} | {l.MaxMs:F1} | {l.Cpu.ServerPercent:F0} % / {l.Cpu.GeneratorPercent:F0} % | {l.Cpu.LoadAverage} |");
        }
        return md.ToString();
    }
}
