using System.Data.Common;
using Npgsql;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Faults.Tests.Hosting;

/// <summary>
/// One case's world: a fresh data directory, the real CLI, web app and workers started on it as child processes
/// (configured by environment variables only), and read-only queries of its database: the SQLite file, or a fresh
/// PostgreSQL database (<see cref="CreatePostgresAsync"/>). Every process started here is killed, by its id, when the case
/// ends, and the directory (and database) removed. Inputs the case writes go to <see cref="InputDirectory"/>, outside
/// the data directory, so the orphan checks see only what the app wrote.
/// </summary>
public sealed class FaultHost : IAsyncDisposable
{
    public const string AdminName = "faults-admin";
    public const string Password = "faults suite pass phrase";

    /// <summary>Bounds one CLI command, one start of the web app, and one wait for a state.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private readonly List<ChildProcess> _processes = [];
    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);
    private int _logs;

    private FaultHost()
    {
    }

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("nc-faults-").FullName;

    public string InputDirectory { get; } = Directory.CreateTempSubdirectory("nc-faults-input-").FullName;

    public string DatabasePath => Path.Combine(DataDirectory, "newsclassifier.db");

    /// <summary>The PostgreSQL database every process of a <see cref="CreatePostgresAsync"/> case shares; null on SQLite.</summary>
    public string? PostgresConnectionString { get; private set; }

    /// <summary>A migrated data directory with one Admin user (<see cref="AdminName"/>).</summary>
    public static Task<FaultHost> CreateAsync() => MigrateAsync(new FaultHost());

    /// <summary>As <see cref="CreateAsync"/> on a fresh PostgreSQL database (durable Hangfire queues), the files every node
    /// must see under a shared Storage:ArtifactsDirectory, and the web app's training queue off (Jobs:TrainingWorkers=0):
    /// only workers (<see cref="StartWorkerAsync"/>) train.</summary>
    public static async Task<FaultHost> CreatePostgresAsync()
    {
        var host = new FaultHost { PostgresConnectionString = await PostgresServer.Shared.CreateDatabaseAsync("nc_faults") };
        host.Configure("Storage__Provider", "postgres");
        host.Configure("ConnectionStrings__NewsClassifier", host.PostgresConnectionString);
        host.Configure("Storage__ArtifactsDirectory", host.ArtifactsDirectory);
        host.Configure("Jobs__TrainingWorkers", "0");
        return await MigrateAsync(host);
    }

    /// <summary>Where the PostgreSQL cases' nodes share artifacts (inside the data directory, so the orphan checks see it).</summary>
    public string ArtifactsDirectory => Path.Combine(DataDirectory, "artifacts");

    private static async Task<FaultHost> MigrateAsync(FaultHost host)
    {
        await host.ExpectCliAsync("migrate");
        await host.ExpectCliAsync("users", "add", AdminName, "--role", "Admin");
        return host;
    }

    /// <summary>A configuration key (environment-variable spelling, e.g. <c>Pretrained__HubBaseUrl</c>) for the processes started from now on.</summary>
    public void Configure(string key, string value) => _settings[key] = value;

    private IReadOnlyDictionary<string, string> Environment()
    {
        var environment = ChildEnvironment.For(DataDirectory, InputDirectory, Password);
        foreach (var (key, value) in _settings) environment[key] = value;
        return environment;
    }

    private string NextLog(string name) => Path.Combine(InputDirectory, $"{Interlocked.Increment(ref _logs):D2}-{name}.log");

    /// <summary>Runs the real CLI to its end (bounded).</summary>
    public async Task<CliResult> CliAsync(params string[] arguments)
    {
        using var cli = ChildProcess.Start(BuiltApps.CliDll, arguments, Environment(), InputDirectory, NextLog("cli-" + arguments[0]));
        var exit = await cli.WaitForExitAsync(Bound);
        return new CliResult(exit, cli.StandardOutput, cli.StandardError);
    }

    public async Task<CliResult> ExpectCliAsync(params string[] arguments)
    {
        var result = await CliAsync(arguments);
        if (result.Exit != 0) throw new InvalidOperationException($"The CLI's {string.Join(' ', arguments)} failed: {result}");
        return result;
    }

    /// <summary>Starts the real CLI and returns at once (the case kills it or waits for it).</summary>
    public ChildProcess StartCli(params string[] arguments)
    {
        var cli = ChildProcess.Start(BuiltApps.CliDll, arguments, Environment(), InputDirectory, NextLog("cli-" + arguments[0]));
        lock (_processes) _processes.Add(cli);
        return cli;
    }

    /// <summary>Starts the real web app and returns once /healthz answers.</summary>
    public async Task<WebAppProcess> StartWebAsync()
    {
        var web = await WebAppProcess.StartAsync(Environment(), NextLog("web"), Bound);
        lock (_processes) _processes.Add(web.Process);
        return web;
    }

    /// <summary>Starts <c>newsclassifier worker</c> on the training and default queues and returns once it says it is ready.</summary>
    public async Task<ChildProcess> StartWorkerAsync()
    {
        var worker = StartCli("worker", "--queues", "training,default");
        await UntilAsync(() => Task.FromResult(worker.StandardOutput.Contains("Worker ready", StringComparison.Ordinal)), worker, "the worker to start");
        return worker;
    }

    /// <summary>A client of <paramref name="web"/> that calls the API as the Admin with a personal access token (Bearer),
    /// created by the CLI as an operator would.</summary>
    public async Task<HttpClient> TokenClientAsync(WebAppProcess web)
    {
        var created = await ExpectCliAsync("tokens", "create", "--user", AdminName, "--name", "faults", "--json");
        using var json = JsonDocument.Parse(created.Out);
        var client = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", json.RootElement.GetProperty("token").GetString());
        return client;
    }

    /// <summary>The Admin's signed-in client of <paramref name="web"/>.</summary>
    public static Task<HttpClient> SignInAsync(WebAppProcess web) =>
        FormSignIn.SignInAsync(web.BaseAddress, AdminName, Password, () => web.Process.Tail());

    /// <summary>The first <paramref name="rows"/> articles of the AG News sample, imported by the CLI as dataset <paramref name="name"/>.</summary>
    public async Task<int> ImportSampleAsync(string name, int rows)
    {
        var path = Path.Combine(InputDirectory, name + ".csv");
        await File.WriteAllLinesAsync(path, File.ReadLines(SampleData.SamplePath).Take(rows + 1));
        await ExpectCliAsync("import", path, "--name", name);
        return await ScalarAsync<int>($"SELECT Id FROM Datasets WHERE Name = '{name}'");
    }

    /// <summary>Reads the case's database. Identifiers in double quotes: PostgreSQL keeps the model's PascalCase names only so,
    /// and SQLite reads them alike.</summary>
    public Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read) => PostgresConnectionString is { } postgres
        ? QueryPostgresAsync(postgres, sql, read)
        : ReadOnlyDatabase.QueryAsync(DatabasePath, sql, r => read(r));

    private static async Task<List<T>> QueryPostgresAsync<T>(string connectionString, string sql, Func<DbDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    public async Task<T> ScalarAsync<T>(string sql) => (await QueryAsync(sql, r => r.GetFieldValue<T>(0))).Single();

    /// <summary>Kills <paramref name="process"/> (SIGKILL) once it holds no lease: work it has finished (a run or download
    /// read as done) deletes its lease row just after writing the final state, and a kill between the two would leave a
    /// dead lease that the aftermath check rightly reports.</summary>
    public async Task KillWhenIdleAsync(ChildProcess process)
    {
        await UntilAsync(async () => await ScalarAsync<long>("SELECT COUNT(*) FROM \"WorkLeases\"") == 0, process, "the process to release its leases");
        process.Kill();
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms; fails when <paramref name="process"/> exits first or after <paramref name="timeout"/>
    /// (default <see cref="Bound"/>). A locked or not-yet-created table counts as "not yet".</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, ChildProcess? process, string what, TimeSpan? timeout = null)
    {
        var bound = timeout ?? Bound;
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (SqliteException) { /* locked for a moment, or the schema is not there yet */ }
            if (process is { HasExited: true }) throw new InvalidOperationException($"The process exited while waiting for {what}:\n{process.Tail()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {bound.TotalSeconds:N0} s for {what}:\n{process?.Tail() ?? ""}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_processes)
        {
            foreach (var process in _processes) process.Dispose();
            _processes.Clear();
        }
        SqliteConnection.ClearAllPools();
        if (PostgresConnectionString is { } postgres)
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresServer.Shared.DropDatabaseAsync(postgres);
        }
        foreach (var directory in new[] { DataDirectory, InputDirectory })
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* the OS temp cleaner takes what is still open */ }
        }
    }
}
