using Npgsql;
using NewsClassifier.Cli.Commands;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.Jobs;
using NewsClassifier.Jobs.Servers;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Cli.Tests;

/// <summary><c>worker</c>: what it refuses, how it reads --queues and --workers, and a real worker on a real PostgreSQL
/// database announcing its Hangfire servers (role, queue, worker count, device: what the Jobs page lists) and taking them
/// away again when it is stopped.</summary>
public sealed class WorkerCommandTests
{
    [Fact]
    public async Task Worker_refuses_the_SQLite_default_and_says_what_it_needs()
    {
        var directory = Directory.CreateTempSubdirectory("nc-worker-").FullName;
        try
        {
            var (exit, _, error) = await CliRun.RunAsync(directory, "worker");
            Assert.Equal(2, exit);
            Assert.Contains(WorkerCommand.SqliteRefusal, error);
            Assert.False(File.Exists(Path.Combine(directory, "newsclassifier.db")), "the refusal created a SQLite database");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Worker_refuses_an_unknown_queue_and_names_the_known_ones()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(["worker", "--queues", "training,gpu"], output, error, new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("nc-worker-").FullName,
            ["Storage:Provider"] = "postgres",
            ["ConnectionStrings:NewsClassifier"] = "Host=127.0.0.1;Port=1;Database=never_opened",
        });
        Assert.Equal(2, exit);
        Assert.Contains("Unknown queue(s) 'gpu' in --queues: use a comma-separated list of training, default, webhooks.", error.ToString());
    }

    [Theory]
    [InlineData(null, null, "training,default", 1, 2, 0)]
    [InlineData("training", null, "training", 1, 0, 0)]
    [InlineData(" Training , webhooks,training ", 3, "training,webhooks", 3, 0, 3)]
    [InlineData("default", 4, "default", 0, 4, 0)]
    public void Queues_and_workers_become_the_Jobs_worker_counts(string? queues, int? workers, string served, int training, int @default, int webhooks)
    {
        // The shared settings of a web node that trains nothing: a worker serving training still gets a worker there.
        var configured = new JobsOptions { TrainingWorkers = 0, DefaultWorkers = 2, WebhookWorkers = 2 };
        var (parsed, error) = WorkerQueues.Parse(queues, workers);
        Assert.Null(error);
        Assert.Equal(served, string.Join(',', parsed!.Queues));
        Assert.Equal(new Dictionary<string, string?>
        {
            ["Jobs:TrainingWorkers"] = training.ToString(), ["Jobs:DefaultWorkers"] = @default.ToString(), ["Jobs:WebhookWorkers"] = webhooks.ToString(),
        }, parsed.Settings(configured));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Workers_out_of_range_are_refused(int workers) =>
        Assert.Equal($"--workers must be between 1 and 64, not {workers}.", WorkerQueues.Parse("training", workers).Error);

    [Fact]
    public async Task A_worker_lists_its_servers_with_role_queue_and_device_until_it_is_stopped()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync("nc_worker");
        var directory = Directory.CreateTempSubdirectory("nc-worker-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = directory,
            ["Storage:Provider"] = "postgres",
            ["ConnectionStrings:NewsClassifier"] = database,
        };
        try
        {
            var migrated = new StringWriter();
            Assert.Equal(0, await CliApp.RunAsync(["migrate"], migrated, new StringWriter(), settings));
            Assert.Contains("Job storage: Hangfire schema 'hangfire' is installed and current.", migrated.ToString());
            using var stop = new CancellationTokenSource();
            var output = new StringWriter();
            var worker = CliApp.RunAsync(["worker", "--queues", "training", "--workers", "1"], TextWriter.Synchronized(output), new StringWriter(), settings, stop.Token);

            var servers = await UntilAsync(() => ServersAsync(database), s => s.Count > 0 && output.ToString().Contains("Worker ready"), worker);
            var (id, data) = Assert.Single(servers);
            var name = JobServerName.Parse(id);
            Assert.Equal((JobServerName.WorkerRole, JobQueues.Training, Environment.ProcessId), (name.Role, name.Queue, name.ProcessId));
            Assert.Matches(@"^cpu, \d+ threads?$", name.Device);
            Assert.Contains("\"WorkerCount\": 1", data);
            Assert.Contains("Worker ready: training (1 at once)", output.ToString());

            stop.Cancel(); // Ctrl+C: a graceful stop
            Assert.Equal(0, await worker.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Empty(await ServersAsync(database));
            Assert.Contains("Worker stopped.", output.ToString());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.Shared.DropDatabaseAsync(database);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Hangfire's server list in the shared storage: id and its JSON data (queues, worker count, start).</summary>
    private static async Task<List<(string Id, string Data)>> ServersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, data::text FROM hangfire.server ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, Task<int> worker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (worker.IsCompleted) throw new InvalidOperationException($"The worker exited with {await worker} before its servers were listed.");
            try
            {
                var value = await read();
                if (done(value)) return value;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { /* Hangfire has not created its schema yet */ }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The worker's servers did not appear within 60 s.");
            await Task.Delay(200);
        }
    }
}
