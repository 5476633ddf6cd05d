using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NewsClassifier.Cli.Tests;

/// <summary><c>schedule ...</c> through the CLI's entry point, each test on its own data directory with the first
/// 300 rows of the AG News sample, retraining with the quick <c>tfidf-baseline</c> recipe.</summary>
public sealed class ScheduleCommandTests : IAsyncLifetime
{
    private const string Dataset = "ag-300";
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "nc-cli-sched-" + Guid.NewGuid().ToString("N")[..12]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, "train.csv");
        await File.WriteAllLinesAsync(file, (await File.ReadAllLinesAsync(CliTests.SamplePath)).Take(1 + 300));
        Assert.Equal(0, (await Cli("migrate")).Exit);
        var import = await Cli("import", file, "--name", Dataset);
        Assert.True(import.Exit == 0, import.Err);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Schedule_add_refuses_bad_input_with_every_reason_and_saves_nothing()
    {
        var bad = await Cli("schedule", "add", "--name", "nightly", "--dataset", "no such data", "--recipe", "no-such-recipe",
            "--cron", "61 * * *", "--eval-fraction", "0.9", "--json");
        Assert.Equal(1, bad.Exit);
        foreach (var reason in (string[])["dataset: there is no dataset named 'no such data'", "recipe: unknown recipe 'no-such-recipe'", "cron: '61 * * *' has 4 fields",
                     "eval_fraction: give a share above 0 and at most 0.5"])
            Assert.Contains("error: " + reason, bad.Err);
        using (var json = JsonDocument.Parse(bad.Out))
        {
            Assert.Equal("refused", json.RootElement.GetProperty("state").GetString());
            Assert.Equal(4, json.RootElement.GetProperty("errors").GetArrayLength());
        }

        var parameters = await Cli("schedule", "add", "--name", "nightly", "--dataset", Dataset, "--recipe", "tfidf-baseline",
            "--set", "max_iterations=0", "--set", "epochs=0", "--cron", "0 61 * * *", "--time-zone", "Mars/Olympus", "--eval-dataset", "missing");
        Assert.Equal(1, parameters.Exit);
        Assert.Equal("", parameters.Out);
        foreach (var reason in (string[])["parameters: max_iterations: 0 is out of range", "parameters: Unknown parameter 'epochs'", "cron: '0 61 * * *' is not a valid expression",
                     "time_zone: 'Mars/Olympus' is not a known time zone", "evaluation_dataset: there is no dataset named 'missing'."])
            Assert.Contains("error: " + reason, parameters.Err);

        Assert.Equal(1, (await Cli("schedule", "run", "1")).Exit); // nothing was saved, so there is nothing to fire
        var list = await Cli("schedule", "list", "--json");
        Assert.Equal(0, list.Exit);
        Assert.Equal(0, JsonDocument.Parse(list.Out).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Schedule_run_promotes_the_first_champion_skips_without_new_data_and_decides_after_relabelling()
    {
        var add = await Cli("schedule", "add", "--name", "retrain", "--dataset", Dataset, "--recipe", "tfidf-baseline", "--cron", "0 2 * * *",
            "--min-gain", "-1", "--alpha", "1", "--max-class-drop", "1", "--json");
        Assert.True(add.Exit == 0, add.Err);
        var id = JsonDocument.Parse(add.Out).RootElement.GetProperty("id").GetInt32();
        Assert.True(id > 0);

        var first = await Cli("schedule", "run", id.ToString(), "--json");
        Assert.True(first.Exit == 0, first.Err);
        var promoted = JsonDocument.Parse(first.Out).RootElement;
        Assert.Equal("promoted", promoted.GetProperty("decision").GetString());
        Assert.Equal("retrain:1", promoted.GetProperty("challenger").GetString());
        Assert.Equal(JsonValueKind.Null, promoted.GetProperty("champion").ValueKind);
        Assert.True(promoted.GetProperty("run_id").GetInt32() > 0);
        Assert.InRange(promoted.GetProperty("challenger_metrics").GetProperty("accuracy").GetDouble(), 0.3, 1);
        Assert.True(promoted.GetProperty("duration_seconds").GetDouble() > 0);

        var second = await Cli("schedule", "run", id.ToString(), "--json");
        Assert.True(second.Exit == 0, second.Err);
        var skipped = JsonDocument.Parse(second.Out).RootElement;
        Assert.Equal("skipped", skipped.GetProperty("decision").GetString());
        Assert.Contains("no new data", skipped.GetProperty("reason").GetString());
        Assert.Equal("retrain:1", skipped.GetProperty("champion").GetString());
        Assert.Equal(JsonValueKind.Null, skipped.GetProperty("run_id").ValueKind);

        Assert.Equal(30, Relabel(30));
        var third = await Cli("schedule", "run", id.ToString(), "--json");
        Assert.True(third.Exit == 0, third.Err);
        var decided = JsonDocument.Parse(third.Out).RootElement;
        Assert.Contains(decided.GetProperty("decision").GetString(), (string[])["promoted", "rejected"]);
        Assert.Equal("retrain:1", decided.GetProperty("champion").GetString());
        Assert.Equal(JsonValueKind.Number, decided.GetProperty("p_value").ValueKind);
        Assert.InRange(decided.GetProperty("p_value").GetDouble(), 0, 1);
        foreach (var metrics in (string[])["champion_metrics", "challenger_metrics"])
        {
            Assert.InRange(decided.GetProperty(metrics).GetProperty("accuracy").GetDouble(), 0, 1);
            Assert.InRange(decided.GetProperty(metrics).GetProperty("macro_f1").GetDouble(), 0, 1);
        }

        var show = await Cli("schedule", "show", id.ToString(), "--json");
        Assert.True(show.Exit == 0, show.Err);
        var details = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("retrain", details.GetProperty("schedule").GetProperty("name").GetString());
        var next = details.GetProperty("next_firings").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Equal(5, next.Count);
        Assert.All(next, n => Assert.Matches(@"^\d{4}-\d\d-\d\dT02:00:00Z$", n));
        var firings = details.GetProperty("firings").EnumerateArray().ToList();
        Assert.Equal(3, firings.Count);
        Assert.Equal([decided.GetProperty("decision").GetString(), "skipped", "promoted"], firings.Select(f => f.GetProperty("decision").GetString()));
        Assert.Equal([decided.GetProperty("id").GetInt64(), skipped.GetProperty("id").GetInt64(), promoted.GetProperty("id").GetInt64()],
            firings.Select(f => f.GetProperty("id").GetInt64()));
        Assert.All(firings, f => Assert.Equal("manual", f.GetProperty("trigger").GetString()));

        var text = await Cli("schedule", "show", id.ToString());
        Assert.Contains("History (newest first):", text.Out);
        Assert.Contains("promoted", text.Out);
    }

    [Fact]
    public async Task Enable_disable_delete_and_approval_commands()
    {
        var add = await Cli("schedule", "add", "--name", "gated", "--dataset", Dataset, "--recipe", "tfidf-baseline", "--approval", "--disabled", "--json");
        Assert.True(add.Exit == 0, add.Err);
        var id = JsonDocument.Parse(add.Out).RootElement.GetProperty("id").GetInt32().ToString();
        Assert.False(JsonDocument.Parse(add.Out).RootElement.GetProperty("enabled").GetBoolean());

        var run = await Cli("schedule", "run", id, "--json"); // a disabled schedule still fires by hand
        var pending = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("pending_approval", pending.GetProperty("decision").GetString());
        var firing = pending.GetProperty("id").GetInt64().ToString();

        var noReason = await Cli("schedule", "reject", firing);
        Assert.Equal(1, noReason.Exit);
        var approve = await Cli("schedule", "approve", firing, "--note", "looks fine");
        Assert.True(approve.Exit == 0, approve.Err);
        Assert.Contains("promoted", approve.Out);
        var again = await Cli("schedule", "reject", firing, "--reason", "too late");
        Assert.Equal(1, again.Exit);
        Assert.Contains("error: Firing " + firing + " is not waiting for approval", again.Err);

        Assert.Equal(0, (await Cli("schedule", "enable", id)).Exit);
        Assert.Contains("disabled", (await Cli("schedule", "disable", id)).Out);
        Assert.Equal(0, (await Cli("schedule", "delete", id)).Exit);
        Assert.Equal(0, JsonDocument.Parse((await Cli("schedule", "list", "--json")).Out).RootElement.GetArrayLength());
        var gone = await Cli("schedule", "run", id);
        Assert.Equal(1, gone.Exit);
        Assert.Contains($"error: There is no schedule number {id}.", gone.Err);
    }

    private Task<(int Exit, string Out, string Err)> Cli(params string[] args) => CliRun.RunAsync(dataDirectory, args);

    /// <summary>Moves the gold label of <paramref name="count"/> training articles (not in a frozen evaluation set) to another class.</summary>
    private int Relabel(int count)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "newsclassifier.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE Articles SET LabelId = (SELECT MIN(l.Id) FROM LabelClasses l WHERE l.DatasetId = Articles.DatasetId AND l.Id <> Articles.LabelId)
            WHERE Id IN (SELECT Id FROM Articles WHERE LabelId IS NOT NULL AND Id NOT IN (SELECT ArticleId FROM EvaluationArticles) ORDER BY Id LIMIT {count})
            """;
        return command.ExecuteNonQuery();
    }
}
