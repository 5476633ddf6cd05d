using System.Text.RegularExpressions;

namespace NewsClassifier.Faults.Tests.Hosting;

/// <summary>Training runs as the cases start and watch them: through the API (as a user would) and the database (read-only;
/// quoted identifiers, so the same queries read SQLite and PostgreSQL).</summary>
public static partial class Runs
{
    /// <summary>Every Torch recipe records these once per epoch (Step = epoch); names from Domain/Runs/RunMetric.cs.</summary>
    public static readonly string[] PerEpochSeries = ["train_loss", "train_accuracy", "val_loss", "val_accuracy", "val_macro_f1"];

    /// <summary><c>custom-lesson</c> shrunk so that one epoch over 1,200 sample articles takes a second or two on a loaded CPU:
    /// 64 tokens instead of 256, a 2,000-word vocabulary; no early stopping, so every epoch runs.</summary>
    public static Dictionary<string, string> Lesson(int epochs) => new()
    {
        ["epochs"] = epochs.ToString(), ["max_length"] = "64", ["vocab_size"] = "2000", ["early_stopping_patience"] = "0",
    };

    /// <summary>The same settings as CLI arguments.</summary>
    public static string[] LessonArguments(int epochs) => Lesson(epochs).SelectMany(p => new[] { "--set", $"{p.Key}={p.Value}" }).ToArray();

    public static async Task<int> StartAsync(HttpClient client, int datasetId, string recipe, Dictionary<string, string> parameters)
    {
        using var response = await client.PostAsJsonAsync("/api/runs", new { datasetId, recipe, parameters });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"POST /api/runs answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id").GetInt32();
    }

    public static async Task<(string State, int Attempts, string? Error)> StateAsync(FaultHost host, int runId) =>
        (await host.QueryAsync($"SELECT \"State\", \"Attempts\", \"Error\" FROM \"TrainingRuns\" WHERE \"Id\" = {runId}",
            r => (r.GetString(0), r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2)))).Single();

    /// <summary>Epochs whose end was recorded (validation accuracy written).</summary>
    public static Task<long> CompletedEpochsAsync(FaultHost host, int runId) =>
        host.ScalarAsync<long>($"SELECT COUNT(DISTINCT \"Step\") FROM \"RunMetrics\" WHERE \"RunId\" = {runId} AND \"Name\" = 'val_accuracy'");

    /// <summary>Waits until the run trains with at least <paramref name="completed"/> epochs recorded.</summary>
    public static Task UntilTrainingAsync(FaultHost host, int runId, int completed, ChildProcess process) =>
        FaultHost.UntilAsync(async () => (await StateAsync(host, runId)).State == "Running" && await CompletedEpochsAsync(host, runId) >= completed,
            process, $"run {runId} to train past epoch {completed}");

    public static async Task<(string State, int Attempts, string? Error)> UntilFinishedAsync(FaultHost host, int runId, ChildProcess process)
    {
        await FaultHost.UntilAsync(async () => (await StateAsync(host, runId)).State is "Succeeded" or "Failed" or "Cancelled",
            process, $"run {runId} to finish");
        return await StateAsync(host, runId);
    }

    /// <summary>Each per-epoch series has epochs 1..<paramref name="epochs"/> exactly once.</summary>
    public static async Task AssertEpochsOnceAsync(FaultHost host, int runId, int epochs)
    {
        var series = await host.QueryAsync($"SELECT \"Name\", \"Step\" FROM \"RunMetrics\" WHERE \"RunId\" = {runId} AND \"Name\" IN ({string.Join(", ", PerEpochSeries.Select(n => $"'{n}'"))}) ORDER BY \"Name\", \"Step\"",
            r => (Name: r.GetString(0), Step: r.GetInt32(1)));
        Assert.Contains(series, s => s.Name == "val_accuracy");
        foreach (var group in series.GroupBy(s => s.Name))
            Assert.True(group.Select(s => s.Step).SequenceEqual(Enumerable.Range(1, epochs)),
                $"run {runId}: {group.Key} has epochs [{string.Join(", ", group.Select(s => s.Step))}], expected 1..{epochs} once each");
    }

    /// <summary>The run log's "Resumed at epoch {N+1} of {E} from the checkpoint of epoch {N}." lines, as (N+1, E, N).</summary>
    public static async Task<IReadOnlyList<(int At, int Of, int From)>> ResumesAsync(FaultHost host, int runId) =>
        (await host.QueryAsync($"SELECT \"Message\" FROM \"RunLogEntries\" WHERE \"RunId\" = {runId} ORDER BY \"Id\"", r => r.GetString(0)))
        .Select(m => Resumed().Match(m)).Where(m => m.Success)
        .Select(m => (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value))).ToList();

    /// <summary>Asserts the run log names exactly one resume and returns it; the failure message carries the run log.</summary>
    public static async Task<(int At, int Of, int From)> AssertResumedOnceAsync(FaultHost host, int runId)
    {
        var resumes = await ResumesAsync(host, runId);
        Assert.True(resumes.Count == 1, $"run {runId}'s log has {resumes.Count} \"Resumed at epoch ...\" lines, expected 1:\n" +
                                        string.Join('\n', await LogAsync(host, runId)));
        return resumes[0];
    }

    public static Task<List<string>> LogAsync(FaultHost host, int runId) =>
        host.QueryAsync($"SELECT \"Message\" FROM \"RunLogEntries\" WHERE \"RunId\" = {runId} ORDER BY \"Id\"", r => r.GetString(0));

    [GeneratedRegex(@"^Resumed at epoch (\d+) of (\d+) from the checkpoint of epoch (\d+)\.$")]
    private static partial Regex Resumed();
}
