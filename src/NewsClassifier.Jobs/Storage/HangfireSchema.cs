using Hangfire.PostgreSql;
using Npgsql;

namespace NewsClassifier.Jobs.Storage;

/// <summary>
/// Hangfire.PostgreSql's tables in schema <see cref="JobStore.PostgresSchema"/>, installed or upgraded by <c>migrate</c>
/// with the application's own migrations. Every node would create them on first use too, but nodes started together race
/// to create the schema (all but one fail with a duplicate-key error and retry); after <c>migrate</c> each finds them
/// current and changes nothing.
/// </summary>
public static class HangfireSchema
{
    public static async Task InstallAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, JobStore.PostgresSchema);
    }
}
