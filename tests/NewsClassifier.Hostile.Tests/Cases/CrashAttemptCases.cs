using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using NewsClassifier.TestSupport;

namespace NewsClassifier.Hostile.Tests.Cases;

/// <summary>
/// A run that takes the process down (out of memory) must not take it down at every start. The shared app cannot be
/// killed, so these cases have their own data directory (<see cref="TwiceKilledServer"/>): the real CLI trains a run and
/// is killed with SIGKILL mid-run, as the kernel's out-of-memory killer would; the real web app starts, its recovery
/// queues the run again, it trains and is killed the same way; the third start must fail the run with the reason instead
/// of training it, answer /healthz, and change nothing but that run's row and log (and delete the dead process's lease).
/// </summary>
[Collection(HostileCollection.Name)]
public sealed partial class CrashAttemptCases(CrashAttemptCases.TwiceKilledServer server) : IClassFixture<CrashAttemptCases.TwiceKilledServer>
{
    private const string Reason = "The process stopped twice while this ran (a crash or running out of memory); it was not started again. " +
                                  "Check the parameters and the server log.";

    [Fact]
    public async Task A_run_the_process_was_killed_during_twice_is_failed_with_the_reason_at_the_next_start()
    {
        var (state, error, attempts, finished) = await server.QueryAsync(
            $"SELECT State, Error, Attempts, FinishedAt IS NOT NULL FROM TrainingRuns WHERE Id = {server.RunId}",
            r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt32(2), r.GetBoolean(3)));
        Assert.True(state == "Failed", $"run {server.RunId} is {state} ({error})\n{server.Tail()}");
        Assert.Equal(Reason, error);
        Assert.Equal(2, attempts);
        Assert.True(finished);
        Assert.Equal(1, await server.QueryAsync($"SELECT COUNT(*) FROM RunLogEntries WHERE RunId = {server.RunId} AND Message = '{Reason}'", r => r.GetInt32(0)));
    }

    [Fact]
    public async Task The_server_still_answers_and_does_not_train_the_run_again()
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using (var health = await client.GetAsync("/healthz"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        const string progress = "SELECT Step, (SELECT COUNT(*) FROM RunMetrics WHERE RunId = {0}) FROM TrainingRuns WHERE Id = {0}";
        var before = await server.QueryAsync(string.Format(progress, server.RunId), r => (r.GetInt32(0), r.GetInt32(1)));
        await Task.Delay(1_500); // a wrongly queued run would have stepped by now (the tiny model steps several times a second)
        Assert.Equal(before, await server.QueryAsync(string.Format(progress, server.RunId), r => (r.GetInt32(0), r.GetInt32(1))));
        using (var health = await client.GetAsync("/healthz"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public void The_third_start_changed_only_the_run_row_and_its_log()
    {
        var changed = server.BeforeThirdStart.Differences(server.AfterThirdStart);
        // Recovery also deletes the lease the killed process left (its holder is gone): that is clean-up, not a change of data.
        Assert.All(changed, c => Assert.True(c.StartsWith("TrainingRuns:", StringComparison.Ordinal) || c.StartsWith("RunLogEntries:", StringComparison.Ordinal) ||
                                             (c.StartsWith("WorkLeases:", StringComparison.Ordinal) && c.Contains("-> 0 rows", StringComparison.Ordinal)),
            $"the third start changed {c}"));
        Assert.Contains(changed, c => c.StartsWith("TrainingRuns:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_first_kill_was_recovered_by_training_the_run_again()
    {
        // Between the kills the web app's recovery queued the run again and it started a second attempt.
        // From the start, or from its last complete epoch when the kill came after the first epoch's checkpoint.
        Assert.Contains(server.Log.Where(l => l.RunId == server.RunId), l =>
            l.Message == "The server stopped during this run; it was queued again and trains from the start." ||
            l.Message.StartsWith("The server stopped during this run; it was queued again and resumes from its last complete epoch (", StringComparison.Ordinal));
        Assert.Equal(2, server.AttemptsAtSecondKill);
    }

    [Fact]
    public void The_server_log_warns_naming_the_run_and_how_often_the_process_stopped()
    {
        Assert.Contains($"Run {server.RunId} ('custom' on '{TwiceKilledServer.DatasetName}') was not trained again: the process stopped 2 times while it trained",
            server.Tail(400));
    }

    /// <summary>A data directory whose run the process was killed during twice (the CLI, then the web app), and the web
    /// app started a third time on it.</summary>
    public sealed partial class TwiceKilledServer : IAsyncLifetime
    {
        public const string DatasetName = "crash-ag";
        private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

        private ChildProcess? _server;

        public string DataDirectory { get; } = Directory.CreateTempSubdirectory("nc-hostile-crash-").FullName;
        private string DatabasePath => Path.Combine(DataDirectory, "newsclassifier.db");

        public int RunId { get; private set; }
        public Uri BaseAddress { get; private set; } = null!;
        public int AttemptsAtSecondKill { get; private set; }
        public StateFingerprint BeforeThirdStart { get; private set; } = null!;
        public StateFingerprint AfterThirdStart { get; private set; } = null!;
        public IReadOnlyList<(int RunId, string Message)> Log { get; private set; } = [];

        private IReadOnlyDictionary<string, string> Environment() => ChildEnvironment.For(DataDirectory);

        public async Task InitializeAsync()
        {
            await CliAsync("migrate");
            var sample = Path.Combine(DataDirectory, "sample.csv");
            await File.WriteAllLinesAsync(sample, File.ReadLines(SampleData.SamplePath).Take(HostileApp.SampleRows + 1));
            await CliAsync("import", sample, "--name", DatasetName);

            // Kill 1: the CLI, mid-run (500 epochs without early stopping never end on their own within the bound).
            using (var train = Start(BuiltApps.CliDll, ["train", "--dataset", DatasetName, "--recipe", "custom", .. HostileApp.TinyModel,
                       "--set", "early_stopping_patience=0", "--epochs", "500"], "cli-train.log"))
            {
                await UntilAsync(() => RunningAsync(attempts: 1), train, "the CLI's run to train");
                train.Kill();
            }
            RunId = await QueryAsync("SELECT MAX(Id) FROM TrainingRuns", r => r.GetInt32(0));

            // Kill 2: the web app, after its recovery queued the run again and it trains.
            using (var web = StartWeb("server-1.log"))
            {
                await UntilAsync(() => RunningAsync(attempts: 2), web, "the recovered run to train again");
                web.Kill();
            }
            AttemptsAtSecondKill = await QueryAsync($"SELECT Attempts FROM TrainingRuns WHERE Id = {RunId}", r => r.GetInt32(0));
            SqliteConnection.ClearAllPools();

            BeforeThirdStart = await StateFingerprint.ReadAsync(DatabasePath);
            _server = StartWeb("server.log");
            BaseAddress = await ListeningAsync(_server);
            await UntilAsync(async () =>
            {
                using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                try { return (await probe.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK; }
                catch (HttpRequestException) { return false; }
            }, _server, "/healthz to answer after the third start");
            AfterThirdStart = await StateFingerprint.ReadAsync(DatabasePath);
            Log = await QueryAllAsync("SELECT RunId, Message FROM RunLogEntries ORDER BY Id", r => (r.GetInt32(0), r.GetString(1)));
        }

        public string Tail(int lines = 60) => _server?.Tail(lines) ?? "(server not started)";

        public async Task<T> QueryAsync<T>(string sql, Func<SqliteDataReader, T> read) => (await QueryAllAsync(sql, read)).Single();

        private Task<List<T>> QueryAllAsync<T>(string sql, Func<SqliteDataReader, T> read) => ReadOnlyDatabase.QueryAsync(DatabasePath, sql, read);

        /// <summary>The only run trains (a step done) in the attempt numbered <paramref name="attempts"/>.</summary>
        private async Task<bool> RunningAsync(int attempts)
        {
            try
            {
                var rows = await QueryAllAsync("SELECT State, Step, Attempts FROM TrainingRuns", r => (r.GetString(0), r.GetInt32(1), r.GetInt32(2)));
                return rows is [("Running", > 0, var a)] && a == attempts;
            }
            catch (SqliteException) { return false; } // the table does not exist yet or is locked for a moment
        }

        private async Task UntilAsync(Func<Task<bool>> condition, ChildProcess process, string what)
        {
            var deadline = DateTime.UtcNow + Bound;
            while (!await condition())
            {
                if (process.HasExited) throw new InvalidOperationException($"The process exited while waiting for {what}:\n{process.Tail()}");
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {Bound.TotalSeconds} s for {what}:\n{process.Tail()}");
                await Task.Delay(100);
            }
        }

        private async Task CliAsync(params string[] arguments)
        {
            using var cli = Start(BuiltApps.CliDll, arguments, $"cli-{Guid.NewGuid():N}.log");
            var exit = await cli.WaitForExitAsync(Bound);
            if (exit != 0) throw new InvalidOperationException($"The CLI's {arguments[0]} failed ({exit}):\n{cli.Tail()}");
        }

        private ChildProcess StartWeb(string log) =>
            Start(BuiltApps.WebDll, ["--urls", "http://127.0.0.1:0", "--contentRoot", SampleData.RepositoryRoot], log, SampleData.RepositoryRoot);

        private ChildProcess Start(string dll, string[] arguments, string log, string? workingDirectory = null) =>
            ChildProcess.Start(dll, arguments, Environment(), workingDirectory ?? DataDirectory, Path.Combine(DataDirectory, log));

        private static async Task<Uri> ListeningAsync(ChildProcess web)
        {
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            web.Line += line =>
            {
                if (ListeningOn().Match(line) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
            };
            // The line may have come before the handler was attached.
            if (ListeningOn().Match(web.StandardOutput) is { Success: true } early) return new Uri(early.Groups[1].Value);
            if (await Task.WhenAny(listening.Task, Task.Delay(Bound)) != listening.Task)
                throw new TimeoutException($"The server did not listen within {Bound.TotalSeconds} s:\n{web.Tail()}");
            return listening.Task.Result;
        }

        public Task DisposeAsync()
        {
            _server?.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory, recursive: true); }
            catch (IOException) { /* the OS temp cleaner takes what is still open */ }
            return Task.CompletedTask;
        }

        [GeneratedRegex(@"Now listening on: (http://\S+)")]
        private static partial Regex ListeningOn();
    }
}
