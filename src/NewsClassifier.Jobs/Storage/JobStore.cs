using NewsClassifier.Data.Storage;

namespace NewsClassifier.Jobs.Storage;

/// <summary>
/// Where Hangfire keeps jobs in this process, and so what a restart loses. In memory (the SQLite default) a restart
/// forgets every queued job and recurring timer, and start-up recovery rebuilds them from the database. On PostgreSQL
/// (<see cref="IsDurable"/>) jobs, recurring timers and scheduled retries outlive every process and are shared by all
/// nodes, so rebuilding them at start would queue each twice: only work whose process died is recovered.
/// </summary>
public sealed record JobStore(bool IsDurable)
{
    /// <summary>The schema Hangfire.PostgreSql creates its tables in, beside the application's tables in the same database.</summary>
    public const string PostgresSchema = "hangfire";

    public static JobStore For(DatabaseTarget target) => new(target.IsPostgres);
}
