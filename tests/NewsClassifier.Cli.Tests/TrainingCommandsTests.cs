using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NewsClassifier.Cli.Tests;

/// <summary>train, evaluate, classify and summary through the CLI's entry point, on one tiny model trained once
/// (<see cref="TrainedRunFixture"/>).</summary>
public sealed class TrainingCommandsTests(TrainedRunFixture fixture) : IClassFixture<TrainedRunFixture>
{
    private static readonly string[] AgNewsLabels = ["World", "Sports", "Business", "Sci/Tech"];

    [Fact]
    public void Train_json_reports_the_run_and_its_validation_metrics_and_logs_the_epochs()
    {
        using var json = JsonDocument.Parse(fixture.Train.Out); // stdout is exactly one JSON object
        var root = json.RootElement;
        Assert.True(root.GetProperty("run_id").GetInt32() > 0);
        Assert.Equal("succeeded", root.GetProperty("state").GetString());
        Assert.Equal(TrainedRunFixture.Epochs, root.GetProperty("epochs").GetInt32());
        var accuracy = root.GetProperty("accuracy").GetDouble();
        Assert.True(accuracy > 0.4 && accuracy <= 1, $"validation accuracy {accuracy} is not above chance (0.25)");
        Assert.InRange(root.GetProperty("macro_f1").GetDouble(), 0, 1);
        Assert.Equal(AgNewsLabels, root.GetProperty("per_class").EnumerateArray().Select(c => c.GetProperty("label").GetString()));
        // The stratified validation split: about 20 % of the 400 articles.
        var confusion = root.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal(4, confusion.Length);
        Assert.Equal(CountRows($"SELECT ValidationArticles FROM TrainingRuns WHERE Id = {fixture.RunId}"), confusion.Sum(r => r.Sum()));
        Assert.InRange(confusion.Sum(r => r.Sum()), 76, 84);
        Assert.True(root.GetProperty("duration_seconds").GetDouble() > 0);
        Assert.True(Directory.Exists(root.GetProperty("model_path").GetString()));
        Assert.Equal("16", root.GetProperty("parameters").GetProperty("embed_dim").GetString());

        // The run's log (what stderr showed, and the Experiments page shows) has the epoch summaries.
        Assert.Contains($"epoch 1/{TrainedRunFixture.Epochs}", ReadRunLog(fixture.RunId));
        Assert.Contains($"epoch {TrainedRunFixture.Epochs}/{TrainedRunFixture.Epochs}", ReadRunLog(fixture.RunId));
    }

    /// <summary>The CLI trains with the web app's RunTrainer, so its run counts the attempt too: a CLI process killed
    /// mid-run (out of memory) leaves a Running row the web app's recovery then counts against the run.</summary>
    [Fact]
    public void A_run_trained_by_the_cli_counts_its_attempt_in_the_database()
    {
        Assert.Equal(1, CountRows($"SELECT Attempts FROM TrainingRuns WHERE Id = {fixture.RunId}"));
    }

    [Fact]
    public async Task Train_text_output_and_epochs_override()
    {
        var train = await fixture.RunAsync(["train", "-d", TrainedRunFixture.Dataset, "-r", "custom-lesson", .. TrainedRunFixture.TinyModel, "--epochs", "1"]);
        Assert.True(train.Exit == 0, train.Err);
        Assert.Matches(@"^Run \d+ succeeded in [\d.]+ s \(1 epoch\(s\), best epoch 1\); model: ", train.Out);
        Assert.Contains("accuracy  0.", train.Out);
        Assert.Contains("macro_f1  0.", train.Out);
        Assert.Contains("confusion (rows: actual, columns: predicted)", train.Out);
    }

    [Fact]
    public async Task Train_records_the_name_and_tags_it_is_given_and_refuses_a_too_long_name()
    {
        var train = await fixture.RunAsync(["train", "-d", TrainedRunFixture.Dataset, "-r", "tfidf-baseline",
            "--name", "cli baseline", "--tags", "cli, two words", "--json"]);
        Assert.True(train.Exit == 0, train.Err);
        using var json = JsonDocument.Parse(train.Out);
        var id = json.RootElement.GetProperty("run_id").GetInt32();
        Assert.Equal("cli baseline", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(["cli", "two-words"], json.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("cli baseline", ReadText($"SELECT Name FROM TrainingRuns WHERE Id = {id}"));
        Assert.Equal("cli,two-words", ReadText($"SELECT Tags FROM TrainingRuns WHERE Id = {id}"));

        var lastRun = LastRunId();
        var refused = await fixture.RunAsync("train", "-d", TrainedRunFixture.Dataset, "-r", "tfidf-baseline", "--name", new string('n', 101));
        Assert.Equal(1, refused.Exit);
        Assert.Contains("The run name is limited to 100 characters.", refused.Err);
        Assert.Equal(lastRun, LastRunId());
    }

    [Fact]
    public async Task Invalid_parameters_exit_non_zero_with_every_reason_and_start_no_run()
    {
        var lastRun = LastRunId();
        var bad = await fixture.RunAsync(["train", "--dataset", TrainedRunFixture.Dataset, "--recipe", "custom",
            "--set", "embed_dim=0", "--set", "dropout=lots", "--set", "colour=blue", "--set", "nonsense", "--json"]);
        Assert.Equal(1, bad.Exit);
        using var json = JsonDocument.Parse(bad.Out);
        Assert.Equal("refused", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("run_id").ValueKind);
        var errors = json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("embed_dim: 0 is out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("dropout: 'lots' is not a number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Unknown parameter 'colour'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'nonsense' is not key=value", StringComparison.Ordinal));
        foreach (var error in errors) Assert.Contains(error, bad.Err);

        var recipe = await fixture.RunAsync("train", "--dataset", TrainedRunFixture.Dataset, "--recipe", "bert");
        Assert.Equal(1, recipe.Exit);
        Assert.Contains("Unknown recipe 'bert'", recipe.Err);
        Assert.Equal("", recipe.Out);

        var dataset = await fixture.RunAsync("train", "--dataset", "no such data", "--recipe", "custom", "--json");
        Assert.Equal(1, dataset.Exit);
        Assert.Contains("There is no dataset named 'no such data'", dataset.Err);
        Assert.Contains("There is no dataset named", JsonDocument.Parse(dataset.Out).RootElement.GetProperty("errors")[0].GetString());
        Assert.Equal(lastRun, LastRunId());
    }

    /// <summary>The real CLI training in a child process; the returned task completes once stderr shows <paramref name="epochLine"/>.</summary>
    private (Process Process, StringBuilder Log, Task<string> Stdout, Task EpochSeen) StartTraining(int epochs, string epochLine)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "newsclassifier.dll"));
        foreach (var arg in (string[])["train", "--dataset", TrainedRunFixture.Dataset, "--recipe", "custom", .. TrainedRunFixture.TinyModel,
                     "--epochs", epochs.ToString(), "--set", "early_stopping_patience=0", "--json"])
            start.ArgumentList.Add(arg);
        start.Environment["Storage__DataDirectory"] = fixture.DataDirectory;
        var process = new Process { StartInfo = start };
        var log = new StringBuilder();
        var seen = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log) log.AppendLine(e.Data);
            if (e.Data?.Contains(epochLine) == true) seen.TrySetResult();
        };
        process.Start();
        process.BeginErrorReadLine();
        return (process, log, process.StandardOutput.ReadToEndAsync(), seen.Task);
    }

    private static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, process.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    [Fact]
    public async Task Ctrl_c_ends_its_run_cancelled_after_printing_progress_on_stderr()
    {
        var (process, log, stdout, firstEpoch) = StartTraining(500, "epoch 1/500");
        using var _ = process;
        await Task.WhenAny(firstEpoch, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(firstEpoch.IsCompleted && !process.HasExited, "no epoch line on stderr while training: " + log);

        await SignalAsync(process, "INT"); // what Ctrl+C sends: the user cancels the run
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 130, log.ToString());
        using var json = JsonDocument.Parse(await stdout);
        Assert.Equal("cancelled", json.RootElement.GetProperty("state").GetString());
        Assert.InRange(json.RootElement.GetProperty("epochs").GetInt32(), 1, 499);
        var runId = json.RootElement.GetProperty("run_id").GetInt32();
        Assert.Equal(1, CountRows($"SELECT COUNT(*) FROM TrainingRuns WHERE Id = {runId} AND State = 'Cancelled' AND FinishedAt IS NOT NULL"));
        lock (log) Assert.Contains($"Run {runId} was cancelled.", log.ToString());
        Assert.False(Directory.Exists(Path.Combine(fixture.DataDirectory, "artifacts", "runs", runId.ToString())), "a cancelled run keeps no files");
    }

    /// <summary>
    /// SIGTERM (systemctl stop, a deploy) is not a user's cancel: the run stops after its current step, goes back to the
    /// queue with its checkpoint, and <c>train --resume</c> finishes it from the last complete epoch, each epoch recorded once.
    /// </summary>
    [Fact]
    public async Task Sigterm_queues_the_run_and_train_resume_finishes_it_with_each_epoch_once()
    {
        const int epochs = 30;
        var (process, log, stdout, secondEpoch) = StartTraining(epochs, $"epoch 2/{epochs}");
        using var _ = process;
        await Task.WhenAny(secondEpoch, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        Assert.True(secondEpoch.IsCompleted && !process.HasExited, "no second epoch line on stderr while training: " + log);

        await SignalAsync(process, "TERM");
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 143, log.ToString());
        using var stopped = JsonDocument.Parse(await stdout);
        Assert.Equal("queued", stopped.RootElement.GetProperty("state").GetString());
        var runId = stopped.RootElement.GetProperty("run_id").GetInt32();
        lock (log) Assert.Contains($"Run {runId} was stopped and is queued again; continue it with: newsclassifier train --resume {runId}", log.ToString());
        Assert.Equal(1, CountRows($"SELECT COUNT(*) FROM TrainingRuns WHERE Id = {runId} AND State = 'Queued' AND FinishedAt IS NULL"));
        var runFolder = Path.Combine(fixture.DataDirectory, "artifacts", "runs", runId.ToString());
        Assert.True(Directory.Exists(Path.Combine(runFolder, "resume")), "the stopped run kept its checkpoint");

        var resumed = await fixture.RunAsync("train", "--resume", runId.ToString(), "--json");
        Assert.True(resumed.Exit == 0, resumed.Err + resumed.Out);
        using var json = JsonDocument.Parse(resumed.Out);
        Assert.Equal("succeeded", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(epochs, json.RootElement.GetProperty("epochs").GetInt32());

        var match = System.Text.RegularExpressions.Regex.Match(ReadRunLog(runId), @"Resumed at epoch (\d+) of (\d+) from the checkpoint of epoch (\d+)\.");
        Assert.True(match.Success, ReadRunLog(runId));
        Assert.Equal(epochs.ToString(), match.Groups[2].Value);
        Assert.InRange(int.Parse(match.Groups[3].Value), 2, epochs - 1);
        // Each per-epoch series has epochs 1..30 exactly once; the step losses have each global step once.
        foreach (var name in (string[])["train_loss", "train_accuracy", "val_loss", "val_accuracy", "val_macro_f1"])
        {
            Assert.Equal(epochs, CountRows($"SELECT COUNT(*) FROM RunMetrics WHERE RunId = {runId} AND Name = '{name}'"));
            Assert.Equal(epochs, CountRows($"SELECT COUNT(DISTINCT Step) FROM RunMetrics WHERE RunId = {runId} AND Name = '{name}' AND Step BETWEEN 1 AND {epochs}"));
        }
        long totalSteps = CountRows($"SELECT TotalSteps FROM TrainingRuns WHERE Id = {runId}");
        Assert.Equal(totalSteps, CountRows($"SELECT COUNT(*) FROM RunMetrics WHERE RunId = {runId} AND Name = 'train_loss_step'"));
        Assert.Equal(totalSteps, CountRows($"SELECT COUNT(DISTINCT Step) FROM RunMetrics WHERE RunId = {runId} AND Name = 'train_loss_step'"));
        Assert.True(Directory.Exists(Path.Combine(runFolder, "model")));
        Assert.False(Directory.Exists(Path.Combine(runFolder, "resume")), "a succeeded run keeps no resume state");
    }

    [Fact]
    public async Task Train_resume_refuses_an_unknown_or_finished_run_and_extra_options()
    {
        var unknown = await fixture.RunAsync("train", "--resume", "99999");
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("There is no run 99999.", unknown.Err);

        var finished = await fixture.RunAsync("train", "--resume", fixture.RunId.ToString(), "--json");
        Assert.Equal(1, finished.Exit);
        Assert.Contains($"Run {fixture.RunId} has finished (succeeded); only a queued or interrupted run can be resumed.", finished.Err);
        Assert.Equal("refused", JsonDocument.Parse(finished.Out).RootElement.GetProperty("state").GetString());

        var extra = await fixture.RunAsync("train", "--resume", fixture.RunId.ToString(), "--epochs", "3");
        Assert.Equal(1, extra.Exit);
        Assert.Contains("--resume trains the run as it was submitted", extra.Err);

        var neither = await fixture.RunAsync("train", "--recipe", "custom");
        Assert.Equal(1, neither.Exit);
        Assert.Contains("--dataset and --recipe are required (or --resume RUN to continue a run).", neither.Err);
    }

    [Fact]
    public async Task Summary_of_the_lesson_recipe_matches_keras()
    {
        var summary = await fixture.RunAsync("summary", "--recipe", "custom-lesson", "--json");
        Assert.True(summary.Exit == 0, summary.Err);
        using var json = JsonDocument.Parse(summary.Out);
        var root = json.RootElement;
        var layers = root.GetProperty("layers").EnumerateArray()
            .ToDictionary(l => l.GetProperty("name").GetString()!, l => l.GetProperty("params").GetInt64());
        Assert.Equal(648_192, layers["token_and_position_embedding"]);
        Assert.Equal(10_656, layers["transformer_block"]);
        Assert.Equal(660, layers["dense"]);
        Assert.Equal(84, layers["dense_1"]);
        Assert.Equal(659_592, root.GetProperty("total").GetInt64());
        Assert.Equal(659_592, root.GetProperty("trainable").GetInt64());
        var embedding = root.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "token_and_position_embedding");
        Assert.Equal("(None, 256, 32)", embedding.GetProperty("output_shape").GetString());
        Assert.Equal("TokenAndPositionEmbedding", embedding.GetProperty("type").GetString());

        var table = await fixture.RunAsync("summary", "--recipe", "custom-lesson");
        Assert.Contains("Total params: 659,592", table.Out);
        Assert.Matches(@"dense_1 \(Dense\)\s+\(None, 4\)\s+84", table.Out);

        // vocab_size comes from the parameters: 1,000 fewer tokens = 32,000 fewer embedding weights.
        var smaller = await fixture.RunAsync("summary", "--recipe", "custom-lesson", "--set", "vocab_size=19000", "--json");
        Assert.Equal(659_592 - 32_000, JsonDocument.Parse(smaller.Out).RootElement.GetProperty("total").GetInt64());

        var bad = await fixture.RunAsync("summary", "--recipe", "custom", "--set", "num_heads=0");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("num_heads: 0 is out of range", bad.Err);
    }

    /// <summary>The issue's model: every value in range, 22.7 GB before the kernel killed the process.</summary>
    private static readonly string[] Giant = ["--set", "embed_dim=4096", "--set", "num_heads=64", "--set", "key_dim=1024", "--set", "num_blocks=48"];

    private const string GiantRefusal = @"This model needs about [\d.]+ TB to train \(51\.\d+ billion parameters at batch 128 x 256 tokens\); " +
                                        @"the budget is [\d.]+ GB \(Resources:MaxTrainingBytes\)\.";

    [Fact]
    public async Task Summary_refuses_the_giant_model_in_under_a_second_naming_the_budget_and_reports_the_estimate_otherwise()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var refused = await fixture.RunAsync(["summary", "--recipe", "custom", .. Giant]);
        watch.Stop();
        Assert.Equal(1, refused.Exit);
        Assert.Matches("^error: " + GiantRefusal + "$", refused.Err.Trim());
        Assert.Equal("", refused.Out);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"refused after {watch.ElapsedMilliseconds} ms");

        var json = await fixture.RunAsync(["summary", "--recipe", "custom", .. Giant, "--json"]);
        Assert.Equal(1, json.Exit);
        Assert.Matches("^" + GiantRefusal + "$", JsonDocument.Parse(json.Out).RootElement.GetProperty("errors")[0].GetString());

        var fits = await fixture.RunAsync("summary", "--recipe", "custom-lesson", "--json");
        var estimate = JsonDocument.Parse(fits.Out).RootElement.GetProperty("estimate");
        Assert.Equal("batch 128 x 256 tokens", estimate.GetProperty("training_workload").GetString());
        Assert.True(estimate.GetProperty("training_bytes").GetInt64() >= 16 * 659_592, "weights, gradients and Adam's moments at least");
        Assert.True(estimate.GetProperty("training_bytes").GetInt64() < estimate.GetProperty("budget_bytes").GetInt64());
        var table = await fixture.RunAsync("summary", "--recipe", "custom-lesson");
        Assert.Matches(@"Estimated peak memory: [\d.]+ MB to train \(batch 128 x 256 tokens\), [\d.]+ MB to load \(batch 64 x 256 tokens\); " +
                       @"training budget [\d.]+ GB \(Resources:MaxTrainingBytes\)\.", table.Out);
    }

    [Fact]
    public async Task Train_refuses_the_giant_model_in_under_a_second_before_recording_a_run()
    {
        var before = LastRunId();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var refused = await fixture.RunAsync(["train", "--dataset", TrainedRunFixture.Dataset, "--recipe", "custom", .. Giant]);
        watch.Stop();
        Assert.Equal(1, refused.Exit);
        Assert.Matches(GiantRefusal, refused.Err);
        Assert.True(watch.ElapsedMilliseconds < 1000, $"refused after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(before, LastRunId()); // no run recorded
    }

    [Fact]
    public async Task Evaluate_a_headerless_csv_and_a_csv_with_a_header()
    {
        var rows = fixture.HeldOutRows.Take(60).ToList();
        var file = Path.Combine(fixture.DataDirectory, "eval-" + Guid.NewGuid().ToString("N")[..6] + ".csv");
        await File.WriteAllLinesAsync(file, rows);
        var result = await fixture.RunAsync("evaluate", "--run", fixture.RunId.ToString(), "--file", file, "--json");
        Assert.True(result.Exit == 0, result.Err);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(60, root.GetProperty("rows").GetInt32());
        // Better than the best constant answer on these rows (the share of their most common label).
        var majority = rows.GroupBy(r => r[0]).Max(g => g.Count()) / 60.0;
        var accuracy = root.GetProperty("accuracy").GetDouble();
        Assert.True(accuracy > majority && accuracy <= 1, $"accuracy {accuracy} on held-out rows is not above the majority share {majority}");
        Assert.InRange(root.GetProperty("macro_f1").GetDouble(), 0, 1);
        var confusion = root.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal(60, confusion.Sum(r => r.Sum()));
        // Row sums are the actual labels of the file (label 1 = World = class 0, ...).
        var actual = rows.Select(r => r[0] - '1').ToList();
        for (int c = 0; c < 4; c++) Assert.Equal(actual.Count(a => a == c), confusion[c].Sum());
        var support = root.GetProperty("per_class").EnumerateArray().Select(p => p.GetProperty("support").GetInt32()).ToArray();
        Assert.Equal(confusion.Select(r => r.Sum()), support);

        await File.WriteAllLinesAsync(file, ["label,title,description", .. rows]);
        var text = await fixture.RunAsync("evaluate", "--run", fixture.RunId.ToString(), "--file", file);
        Assert.True(text.Exit == 0, text.Err);
        Assert.Contains("on 60 articles", text.Out);
        Assert.Matches(@"accuracy  [01]\.\d{4}", text.Out);
        Assert.Contains("confusion (rows: actual, columns: predicted)", text.Out);
    }

    [Fact]
    public async Task Evaluate_refuses_a_file_with_bad_rows_naming_each_row()
    {
        var file = Path.Combine(fixture.DataDirectory, "eval-bad-" + Guid.NewGuid().ToString("N")[..6] + ".csv");
        await File.WriteAllTextAsync(file, "label,title,description\n1,Fine,Some text\n5,Wrong label,Text\n2,,\n3,Good,Business news\n4,\"Unclosed,Text\n");
        var result = await fixture.RunAsync("evaluate", "--run", fixture.RunId.ToString(), "--file", file, "--json");
        Assert.Equal(1, result.Exit);
        Assert.Contains("line 3: Label '5' is not one of 1-4", result.Err);
        Assert.Contains("line 4: Both title and text are empty.", result.Err);
        Assert.Contains("line 6: Unbalanced quote", result.Err);
        using var json = JsonDocument.Parse(result.Out);
        Assert.False(json.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.Equal([3, 4, 6], json.RootElement.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("row").GetInt32()));

        var missing = await fixture.RunAsync("evaluate", "--run", fixture.RunId.ToString(), "--file", Path.Combine(fixture.DataDirectory, "none.csv"));
        Assert.Equal(1, missing.Exit);
        Assert.Contains("File not found", missing.Err);
        var noRun = await fixture.RunAsync("evaluate", "--run", "9999", "--file", file);
        Assert.Equal(1, noRun.Exit);
        Assert.Contains("There is no run number 9999", noRun.Err);
    }

    [Fact]
    public async Task Classify_prints_a_label_and_probabilities_that_sum_to_one()
    {
        var result = await fixture.RunAsync("classify", "--run", fixture.RunId.ToString(), "--title", "Stocks slide",
            "--text", "Shares fell sharply on Wall Street as oil prices rose and investors sold technology stocks.", "--json");
        Assert.True(result.Exit == 0, result.Err);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Contains(root.GetProperty("label").GetString(), AgNewsLabels);
        var probabilities = root.GetProperty("probabilities").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(AgNewsLabels.Order(), probabilities.Keys.Order());
        Assert.Equal(1.0, probabilities.Values.Sum(), 4);
        Assert.Equal(probabilities.MaxBy(p => p.Value).Key, root.GetProperty("label").GetString());

        var text = await fixture.RunAsync("classify", "--run", fixture.RunId.ToString(), "--text", "The team won the cup final");
        Assert.True(text.Exit == 0, text.Err);
        Assert.Matches(@"^label  (World|Sports|Business|Sci/Tech)", text.Out);
    }

    [Fact]
    public async Task Classify_refuses_empty_text_and_a_run_without_a_model()
    {
        var empty = await fixture.RunAsync("classify", "--run", fixture.RunId.ToString(), "--text", "   ", "--json");
        Assert.NotEqual(0, empty.Exit);
        Assert.Contains("--text is empty", empty.Err);
        Assert.Equal("", empty.Out);

        var noRun = await fixture.RunAsync("classify", "--run", "9999", "--text", "Some news");
        Assert.Equal(1, noRun.Exit);
        Assert.Contains("There is no run number 9999", noRun.Err);

        // Neither --run nor --model: the production model, else the newest trained run (issue 5).
        var byDefault = await fixture.RunAsync("classify", "--text", "Some news");
        Assert.True(byDefault.Exit == 0, byDefault.Err);
    }

    private string ReadRunLog(int runId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT group_concat(Message, char(10)) FROM RunLogEntries WHERE RunId = {runId}";
        return command.ExecuteScalar() as string ?? "";
    }

    private string? ReadText(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    private long LastRunId() => CountRows("SELECT COALESCE(MAX(Id), 0) FROM TrainingRuns");

    private long CountRows(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.DataDirectory, "newsclassifier.db")};Pooling=False;Mode=ReadOnly");
        connection.Open();
        return connection;
    }
}
