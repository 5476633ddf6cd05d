using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace NewsClassifier.TestSupport.Databases;

/// <summary>
/// The real PostgreSQL server the suites run against. CI (.ci/run) starts one cluster for the whole run and names it in
/// <see cref="EnvironmentVariable"/> (a superuser connection string); without it, the first use starts a private
/// cluster of Debian's PostgreSQL (initdb in a temporary folder, trust auth, 127.0.0.1 on a free port), stopped and
/// deleted when the test process exits. Each fixture gets its own database, so suites never see each other's rows.
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "NEWSCLASSIFIER_TEST_POSTGRES";

    private static readonly Lazy<PostgresServer> SharedServer = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private PostgresServer(string adminConnectionString) => AdminConnectionString = adminConnectionString;

    /// <summary>A superuser connection to the server's <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    public static PostgresServer Shared => SharedServer.Value;

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "nc_test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still holds it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static PostgresServer Start()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(given) ? PrivateCluster.Start() : new PostgresServer(given);
    }

    /// <summary>A cluster of this test process's own, as the postgres OS user when running as root (initdb refuses root).</summary>
    private sealed class PrivateCluster
    {
        public static PostgresServer Start()
        {
            var bin = BinDirectory() ?? throw new InvalidOperationException(
                $"No PostgreSQL server binaries found (looked for /usr/lib/postgresql/*/bin/initdb). Install Debian's " +
                $"postgresql package (`apt-get install -y postgresql`, as .ci/run does) or set {EnvironmentVariable} to a " +
                "superuser connection string of a running server.");
            RemoveLeftovers();
            var root = Path.Combine(Path.GetTempPath(), $"nc-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..24]);
            Directory.CreateDirectory(root);
            var asPostgres = Environment.UserName == "root";
            if (asPostgres) Run("chown", ["postgres", root]);
            var data = Path.Combine(root, "data");
            var port = FreePort();
            Run(bin, "initdb", asPostgres, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"]);
            Run(bin, "pg_ctl", asPostgres, ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
                $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300", "start"]);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    Run(bin, "pg_ctl", asPostgres, ["-D", data, "-m", "immediate", "-w", "stop"]);
                    Directory.Delete(root, recursive: true);
                }
                catch (Exception)
                {
                    // Best effort at exit: a leftover folder in /tmp is harmless, a throw here would hide the test result.
                }
            };
            return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true");
        }

        /// <summary>A test process that exits before its clean-up finishes leaves its folder behind; remove those of dead
        /// processes whose server has stopped.</summary>
        private static void RemoveLeftovers()
        {
            foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "nc-pg-*"))
            {
                var parts = Path.GetFileName(folder).Split('-');
                if (parts.Length < 3 || !int.TryParse(parts[2], out var pid) || IsAlive(pid)) continue;
                if (File.Exists(Path.Combine(folder, "data", "postmaster.pid"))) continue; // its server still runs: not ours to touch
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }

        private static bool IsAlive(int pid)
        {
            try { using var process = Process.GetProcessById(pid); return !process.HasExited; }
            catch (ArgumentException) { return false; }
        }

        private static string? BinDirectory() =>
            Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal)
                    .Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
                : null;

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static void Run(string bin, string tool, bool asPostgres, IReadOnlyList<string> arguments) =>
            Run(asPostgres ? "runuser" : Path.Combine(bin, tool),
                asPostgres ? ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments] : arguments);

        private static void Run(string file, IReadOnlyList<string> arguments)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) info.ArgumentList.Add(argument);
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000)) throw new TimeoutException($"{file} {string.Join(' ', arguments)} took over 2 minutes");
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        }
    }
}
