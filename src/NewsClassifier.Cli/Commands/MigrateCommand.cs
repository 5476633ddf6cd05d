using Npgsql;
using NewsClassifier.Data.Storage;
using NewsClassifier.Jobs.Storage;

namespace NewsClassifier.Cli.Commands;

/// <summary><c>migrate</c>: creates or upgrades the database to the newest schema (on PostgreSQL also Hangfire's job storage).</summary>
public sealed class MigrateCommand(DatabaseMigrator migrator, DatabaseTarget target, DataPaths paths, CliConsole console) : ICliCommand
{
    public Command Create()
    {
        var command = new Command("migrate", "Create or upgrade the database to the newest schema.");
        command.SetAction(async (_, cancellationToken) =>
        {
            var applied = await migrator.MigrateAsync(cancellationToken);
            var database = target.IsSqlite ? paths.DatabasePath : $"PostgreSQL {DatabaseName(target.ConnectionString)}";
            await console.Out.WriteLineAsync(applied.Count == 0
                ? $"Database {database} is up to date."
                : $"Database {database}: applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            if (target.IsPostgres)
            {
                // The shared job queues live in the same database; installed here so that nodes starting together do not race.
                await HangfireSchema.InstallAsync(target.ConnectionString, cancellationToken);
                await console.Out.WriteLineAsync($"Job storage: Hangfire schema '{JobStore.PostgresSchema}' is installed and current.");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Host and database only: the connection string may carry a password.</summary>
    private static string DatabaseName(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Database} on {builder.Host}:{builder.Port}";
    }
}
