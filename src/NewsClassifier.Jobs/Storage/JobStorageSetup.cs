using Hangfire.PostgreSql;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Jobs.Storage;

/// <summary>Hangfire's storage for the configured database: in memory beside SQLite, Hangfire.PostgreSql in its own
/// schema of the application's PostgreSQL database otherwise (its tables are created on first use, under a lock).</summary>
internal static class JobStorageSetup
{
    public static IGlobalConfiguration UseNewsStorage(this IGlobalConfiguration configuration, DatabaseTarget target) => target.IsPostgres
        ? configuration.UsePostgreSqlStorage(postgres => postgres.UseNpgsqlConnection(target.ConnectionString), PostgresOptions())
        : configuration.UseInMemoryStorage();

    /// <summary>
    /// A fetched job stays invisible to other servers for as long as its server keeps renewing it (sliding), however many
    /// hours a training run takes; with a fixed timeout (the default) a run longer than it would be fetched a second time.
    /// A job whose server died becomes visible again after <see cref="PostgreSqlStorageOptions.InvisibilityTimeout"/>; by then
    /// the lease sweep has usually recovered its work already, and the run's lease keeps the late copy from training it again.
    /// </summary>
    public static PostgreSqlStorageOptions PostgresOptions() => new()
    {
        SchemaName = JobStore.PostgresSchema,
        UseSlidingInvisibilityTimeout = true,
        PrepareSchemaIfNecessary = true,
        // An idle worker looks for new jobs this often (default 15 s): a queued run or webhook should start within a second.
        QueuePollInterval = TimeSpan.FromSeconds(1),
    };
}
