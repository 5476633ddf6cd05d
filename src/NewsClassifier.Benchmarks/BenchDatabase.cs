using Microsoft.Data.Sqlite;
using Npgsql;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Benchmarks;

/// <summary>
/// The databases a storage benchmark runs on, in one run so the figures compare: always the embedded SQLite file, and
/// PostgreSQL when <c>--postgres "Host=...;Username=..."</c> (or NEWSCLASSIFIER_BENCH_POSTGRES) names a server whose user
/// may create databases. Each PostgreSQL run gets a fresh database, dropped afterwards.
/// </summary>
internal sealed record BenchDatabase(StorageProvider Provider, string? ServerConnectionString)
{
    public const string EnvironmentVariable = "NEWSCLASSIFIER_BENCH_POSTGRES";

    public string Name => Provider == StorageProvider.Sqlite ? "SQLite" : "PostgreSQL";

    public static IReadOnlyList<BenchDatabase> FromArgs(string[] args)
    {
        var at = Array.IndexOf(args, "--postgres");
        var server = at >= 0 && at + 1 < args.Length ? args[at + 1] : Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(server)) return [new BenchDatabase(StorageProvider.Sqlite, null)];
        var postgres = new BenchDatabase(StorageProvider.Postgres, server);
        // --postgres-only: the PostgreSQL half alone, e.g. to re-measure it after a change.
        return args.Contains("--postgres-only") ? [postgres] : [new BenchDatabase(StorageProvider.Sqlite, null), postgres];
    }

    /// <summary>A new empty database on the server; returns its connection string.</summary>
    public async Task<string> CreateAsync(CancellationToken cancellationToken)
    {
        var name = "nc_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DropAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The server's version, for the report.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        if (Provider == StorageProvider.Sqlite)
        {
            await using var file = new SqliteConnection("Data Source=:memory:");
            await file.OpenAsync(cancellationToken);
            return "SQLite " + file.ServerVersion;
        }
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync(cancellationToken);
        return "PostgreSQL " + connection.PostgreSqlVersion;
    }
}
