using System.Text.Json;
using NewsClassifier.Jobs.Servers;
using NewsClassifier.TestSupport.Databases;
using NewsClassifier.TestSupport.Processes;
using Npgsql;

namespace NewsClassifier.EndToEnd.Tests.TwoProcess;

/// <summary>
/// The deployment the scaling-out recipe describes, on this machine: a fresh PostgreSQL database migrated by the CLI
/// (<c>newsclassifier migrate</c>, as an operator runs it), the web app on it with <c>Jobs:TrainingWorkers=0</c> (it
/// queues training but never trains), and a separate worker process (<c>newsclassifier worker --queues training</c>)
/// with a data directory of its own. The two share only the database and <c>Storage:ArtifactsDirectory</c>.
/// </summary>
public sealed class PostgresWorkerApp : BrowserApp
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    private readonly string _workerDirectory = Directory.CreateTempSubdirectory("nc-e2e-worker-").FullName;
    private ChildProcess? _worker;

    public string ConnectionString { get; private set; } = "";

    public string SharedArtifacts => Path.Combine(_workerDirectory, "shared-artifacts");

    public ChildProcess Worker => _worker ?? throw new InvalidOperationException("The worker has not started.");

    /// <summary>The role and process id of the Hangfire server that processed the run's job (from Hangfire's own state
    /// history in the shared database).</summary>
    public async Task<(string Role, int? ProcessId)> TrainedByAsync(int runId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT s.data FROM hangfire.state s JOIN \"TrainingRuns\" r ON s.jobid::text = r.\"JobId\" " +
            "WHERE r.\"Id\" = $1 AND s.name = 'Processing' ORDER BY s.id DESC LIMIT 1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = runId });
        var data = (string?)await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"Run {runId}'s job was never processed.");
        using var json = JsonDocument.Parse(data);
        var server = JobServerName.Parse(json.RootElement.GetProperty("ServerId").GetString()!);
        return (server.Role, server.ProcessId);
    }

    protected override async Task<IReadOnlyDictionary<string, string>> PrepareAsync()
    {
        ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync("nc_e2e");
        Directory.CreateDirectory(SharedArtifacts);
        using var migrate = StartCli("migrate");
        int exit = await migrate.WaitForExitAsync(Bound);
        Assert.True(exit == 0, $"migrate failed ({exit}):\n{migrate.Tail()}");
        return new Dictionary<string, string>
        {
            ["Storage:Provider"] = "postgres",
            ["ConnectionStrings:NewsClassifier"] = ConnectionString,
            ["Storage:ArtifactsDirectory"] = SharedArtifacts,
            ["Jobs:TrainingWorkers"] = "0",
        };
    }

    protected override async Task StartedAsync()
    {
        _worker = StartCli("worker", "--queues", "training");
        var deadline = DateTime.UtcNow + Bound;
        while (!_worker.StandardOutput.Contains("Worker ready", StringComparison.Ordinal))
        {
            if (_worker.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"The worker did not get ready:\n{_worker.Tail()}");
            await Task.Delay(100);
        }
    }

    protected override async Task StoppingAsync()
    {
        if (_worker is null) return;
        // As a deploy stops it (SIGTERM, graceful); killed by its id if it does not stop in time.
        _worker.Terminate();
        try { await _worker.WaitForExitAsync(TimeSpan.FromSeconds(30)); }
        catch (TimeoutException) { /* killed by WaitForExitAsync */ }
        _worker.Dispose();
    }

    protected override async Task StoppedAsync()
    {
        if (ConnectionString.Length > 0) await PostgresServer.Shared.DropDatabaseAsync(ConnectionString);
        try { Directory.Delete(_workerDirectory, recursive: true); }
        catch (IOException) { /* the OS temp cleaner takes the rest */ }
    }

    private ChildProcess StartCli(params string[] arguments)
    {
        var environment = ChildEnvironment.For(Path.Combine(_workerDirectory, "data"));
        environment["Storage__Provider"] = "postgres";
        environment["ConnectionStrings__NewsClassifier"] = ConnectionString;
        environment["Storage__ArtifactsDirectory"] = SharedArtifacts;
        var log = Path.Combine(_workerDirectory, $"cli-{arguments[0]}.log");
        return ChildProcess.Start(BuiltApps.CliDll, arguments, environment, _workerDirectory, log);
    }
}
