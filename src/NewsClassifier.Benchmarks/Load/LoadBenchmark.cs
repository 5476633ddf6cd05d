namespace NewsClassifier.Benchmarks.Load;

/// <summary>
/// Classify latency over HTTP while a training run goes on, against the real web app (a child process on loopback):
/// seeds a temporary data directory (an Admin, the AG News sample), starts the Release web app on it, trains and
/// promotes a custom-lesson model, measures each concurrency level with nothing else running, then starts a long
/// custom-lesson run (early stopping off) and measures the levels again while it is Running, then cancels it and stops
/// the app by its pid. Not a test: figures depend on the machine, and the load generator shares its cores.
/// </summary>
public sealed class LoadBenchmark : IBenchmark
{
    private const string Recipe = "custom-lesson";
    private const string ModelName = "load-model";

    public string Name => "load";

    public string Description => "classify over HTTP at 1/16/64 clients, idle and while a run trains; [--levels 1,16,64] [--duration S] [--warmup S] [--json PATH] [--torch-threads N] [--epochs N] [--web-dll PATH]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = LoadOptions.Parse(args);
        var startedAt = DateTime.UtcNow;
        using var harness = await LoadHarness.StartAsync(options, cancellationToken);
        var (app, admin, settings, datasetId) = (harness.App, harness.Admin, harness.Settings, harness.DatasetId);
        var (_, model) = await harness.TrainAndPromoteAsync(Recipe, ModelName, cancellationToken);

        var texts = AgNewsSample.Load(options.DataPath).Texts.Take(1000).ToList();
        Print($"check: \"{texts[0][..Math.Min(60, texts[0].Length)]}...\" -> {await admin.ClassifyAsync(texts[0], cancellationToken)}");
        using var load = new ClassifyLoad(app.BaseAddress, admin.Cookies, Bodies(texts), options.Levels.Max());
        var levels = new List<LevelResult>();
        foreach (var clients in options.Levels)
            levels.Add(await MeasureAsync(load, LoadPhases.Idle, clients, options, null, admin, app.Id, cancellationToken));

        var parameters = new Dictionary<string, string>
        {
            ["epochs"] = options.TrainingEpochs.ToString(CultureInfo.InvariantCulture),
            ["early_stopping_patience"] = "0",
        };
        var longRun = await admin.StartRunAsync(datasetId, Recipe, parameters, cancellationToken);
        // Measured once the run is past its set-up (vectorising, building the model) and taking optimiser steps.
        var running = await admin.WaitRunAsync(longRun, r => r.State == "Running" && (r.Step > 0 || r.Epoch > 0), TimeSpan.FromMinutes(5), cancellationToken);
        if (running.State != "Running") throw new InvalidOperationException($"Run {longRun} ended {running.State} before the load: {running.Error}\n{app.Tail()}");
        var trainingRun = $"run {longRun} ({Recipe}, epochs={parameters["epochs"]}, early_stopping_patience=0)";
        Print($"training: {trainingRun} is {running}");
        foreach (var clients in options.Levels)
            levels.Add(await MeasureAsync(load, LoadPhases.Training, clients, options, longRun, admin, app.Id, cancellationToken));

        await admin.CancelRunAsync(longRun, cancellationToken);
        var final = await admin.WaitRunAsync(longRun, r => r.Ended, TimeSpan.FromMinutes(2), cancellationToken);
        var trainingFinal = $"cancelled by the benchmark: {final}";
        var stop = await app.StopAsync();
        Print($"run {longRun}: {final}; web app pid {app.Id}: {stop}");

        var report = new LoadReport(startedAt, LoadHarness.Machine("the web app (classify + training) and the load generator"), settings, model, trainingRun, levels, trainingFinal, stop);
        var markdown = report.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        await File.WriteAllTextAsync(options.JsonPath, report.ToJson(), cancellationToken);
        await File.WriteAllTextAsync(Path.ChangeExtension(options.JsonPath, ".md"), markdown, cancellationToken);
        Console.WriteLine($"JSON: {options.JsonPath} (markdown next to it)");

        var allRan = levels.All(l => l.TrainingRanThroughout);
        if (!allRan) Console.Error.WriteLine("The training run was not Running through every training level: those figures are not under training.");
        return allRan && final.State == "Cancelled" ? 0 : 1;
    }

    /// <summary>One level; with a run, polls it every second on its own connection to show it kept Running.</summary>
    private static async Task<LevelResult> MeasureAsync(ClassifyLoad load, string phase, int clients, LoadOptions options, int? runId,
        AppSession admin, int serverPid, CancellationToken cancellationToken)
    {
        var states = new List<string>();
        string? atStart = null, atEnd = null;
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task polling = Task.CompletedTask;
        if (runId is { } id)
        {
            atStart = (await admin.RunAsync(id, cancellationToken)).ToString();
            polling = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        await Task.Delay(1000, stopPolling.Token);
                        states.Add((await admin.RunAsync(id, stopPolling.Token)).State);
                    }
                }
                catch (OperationCanceledException) when (stopPolling.IsCancellationRequested) { }
            }, CancellationToken.None);
        }
        var cpu = CpuShare.Start(serverPid);
        var sample = await load.RunAsync(clients, options.Warmup, options.Duration, cancellationToken);
        var share = cpu.Stop();
        await stopPolling.CancelAsync();
        await polling;
        if (runId is { } run) atEnd = (await admin.RunAsync(run, cancellationToken)).ToString();
        var result = LevelResult.From(phase, clients, sample.Seconds, sample.LatenciesMs, sample.Errors, sample.Statuses, states, atStart, atEnd, share);
        Print($"{phase,-8} {clients,3} clients: {result.Requests:N0} requests, {result.Errors} errors, {result.RequestsPerSecond:N0}/s, " +
              $"p50 {result.P50Ms:F1} ms, p90 {result.P90Ms:F1}, p99 {result.P99Ms:F1}, max {result.MaxMs:F1}; " +
              $"CPU server {share.ServerPercent:F0} %, generator {share.GeneratorPercent:F0} %, loadavg {share.LoadAverage}" +
              (runId is null ? "" : $"; run: {atStart} -> {atEnd}, {(result.TrainingRanThroughout ? "Running throughout" : "NOT Running throughout")}"));
        return result;
    }

    /// <summary>Request bodies (the sample's first 1,000 articles), serialised once: the generator only copies bytes.</summary>
    internal static List<byte[]> Bodies(IEnumerable<string> texts) => texts.Select(text => JsonSerializer.SerializeToUtf8Bytes(new { text })).ToList();

    private static void Print(string message) => LoadHarness.Print(message);
}
