using System.Text;
using System.Text.Encodings.Web;

namespace NewsClassifier.Benchmarks.Load;

/// <summary>The benchmark's output: a markdown table per phase, what training costs at each level, and the same as JSON.</summary>
internal sealed record LoadReport(
    DateTime StartedAt,
    string Machine,
    IReadOnlyDictionary<string, string> Settings,
    string Model,
    string TrainingRun,
    IReadOnlyList<LevelResult> Levels,
    string TrainingFinal,
    string ServerStop)
{
    /// <summary>A report's title, its facts as a list, how to read the figures and the settings given to the app (the
    /// <c>load</c> and <c>api</c> benchmarks share it).</summary>
    internal static StringBuilder Header(string title, IReadOnlyDictionary<string, string> settings, IEnumerable<string> facts)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title}");
        md.AppendLine();
        foreach (var fact in facts) md.AppendLine(CultureInfo.InvariantCulture, $"- {fact}");
        md.AppendLine("- CPU is a percentage of one core over the level (warm-up included); 100 % per core is the ceiling. Latency is measured by the client, " +
                      "from sending to the last byte read; percentiles are nearest-rank over the 200 answers; errors are any other answer or a failed request.");
        md.AppendLine("- settings given to the web app (environment variables):");
        foreach (var (key, value) in settings) md.AppendLine(CultureInfo.InvariantCulture, $"  - `{key}` = `{value}`");
        md.AppendLine();
        return md;
    }

    public string ToMarkdown()
    {
        var md = Header($"Classify under load ({StartedAt:yyyy-MM-dd HH:mm} UTC)", Settings,
        [
            $"machine: {Machine}",
            $"model classified with: {Model}",
            $"training during the \"{LoadPhases.Training}\" levels: {TrainingRun}; afterwards {TrainingFinal}",
            $"web app stopped: {ServerStop}",
        ]);
        md.AppendLine("| phase | clients | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms | CPU server / generator | loadavg | training run during the level |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var l in Levels)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {l.Phase} | {l.Concurrency} | {l.Requests:N0} | {l.Errors:N0}{ErrorDetail(l)} | {l.RequestsPerSecond:N0} | {l.P50Ms:F1} | {l.P90Ms:F1} | {l.P99Ms:F1} | {l.MaxMs:F1} | {l.Cpu.ServerPercent:F0} % / {l.Cpu.GeneratorPercent:F0} % | {l.Cpu.LoadAverage} | {TrainingCell(l)} |");
        }
        var idle = Levels.Where(l => l.Phase == LoadPhases.Idle).ToDictionary(l => l.Concurrency);
        var busy = Levels.Where(l => l.Phase == LoadPhases.Training && idle.ContainsKey(l.Concurrency)).ToList();
        if (busy.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("What the training run costs classify (training / idle):");
            md.AppendLine();
            md.AppendLine("| clients | p50 | p99 | req/s |");
            md.AppendLine("|---:|---:|---:|---:|");
            foreach (var t in busy)
            {
                var i = idle[t.Concurrency];
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {t.Concurrency} | {t.P50Ms:F1} / {i.P50Ms:F1} ms (x{t.P50Ms / i.P50Ms:F2}) | {t.P99Ms:F1} / {i.P99Ms:F1} ms (x{t.P99Ms / i.P99Ms:F2}) | {t.RequestsPerSecond:N0} / {i.RequestsPerSecond:N0} (x{t.RequestsPerSecond / i.RequestsPerSecond:F2}) |");
            }
        }
        return md.ToString();
    }

    /// <summary>The same figures for scripts: member names become snake_case (p50_ms, requests_per_second).</summary>
    public string ToJson() => JsonSerializer.Serialize(new
    {
        StartedAt, Machine, Settings, Model, TrainingRun, TrainingFinal, ServerStop,
        Levels = Levels.Select(l => new
        {
            l.Phase, l.Concurrency, l.Seconds, l.Requests, l.Errors, l.Statuses,
            RequestsPerSecond = Math.Round(l.RequestsPerSecond, 1), P50Ms = Round(l.P50Ms), P90Ms = Round(l.P90Ms), P99Ms = Round(l.P99Ms),
            MaxMs = Round(l.MaxMs), MeanMs = Round(l.MeanMs), TrainingRanThroughout = l.Phase == LoadPhases.Training ? l.TrainingRanThroughout : (bool?)null,
            l.TrainingAtStart, l.TrainingAtEnd, TrainingPolls = l.TrainingStates,
            ServerCpuPercent = Math.Round(l.Cpu.ServerPercent, 1), GeneratorCpuPercent = Math.Round(l.Cpu.GeneratorPercent, 1),
            l.Cpu.LoadAverage,
        }),
    }, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static double? Round(double ms) => double.IsNaN(ms) ? null : Math.Round(ms, 2);

    private static string ErrorDetail(LevelResult l) =>
        l.Errors == 0 ? "" : " (" + string.Join(", ", l.Statuses.Where(s => s.Key != "200").Select(s => $"{s.Key}: {s.Value}")) + ")";

    private static string TrainingCell(LevelResult l) => l.Phase != LoadPhases.Training ? "none"
        : $"{(l.TrainingRanThroughout ? "Running throughout" : "NOT Running throughout")} ({l.TrainingStates.Count} polls; {l.TrainingAtStart} -> {l.TrainingAtEnd})";
}
