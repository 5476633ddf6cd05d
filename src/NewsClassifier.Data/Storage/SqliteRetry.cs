using Microsoft.Data.Sqlite;

namespace NewsClassifier.Data.Storage;

/// <summary>
/// Which SQLite errors are worth trying again, and how long to wait. SQLITE_BUSY and SQLITE_LOCKED mean another
/// connection held the write lock longer than this command's busy timeout, or (BUSY_SNAPSHOT, reported at once in WAL
/// mode) that a read transaction could not become a write one: the whole unit of work succeeds when run again. The
/// waits are short and few, so a real outage still fails within seconds of the timeout.
/// </summary>
public static class SqliteRetry
{
    public const int MaxRetries = 5;
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: var code } && (code & 0xFF) is SqliteBusy or SqliteLocked;

    /// <summary>50, 100, 200, 400, 800 ms (capped at <see cref="MaxDelay"/>), each with up to 25% jitter so two
    /// retrying writers do not collide again in step.</summary>
    public static TimeSpan Delay(int retry)
    {
        var milliseconds = Math.Min(50.0 * Math.Pow(2, Math.Max(0, retry - 1)), MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(milliseconds * (1 + Random.Shared.NextDouble() * 0.25));
    }

    /// <summary>Runs a unit of raw SQLite work (one transaction that <paramref name="work"/> opens and commits itself) again
    /// after a transient error; <paramref name="work"/> must leave nothing behind when it throws.</summary>
    public static T Execute<T>(Func<T> work)
    {
        for (var retry = 1; ; retry++)
        {
            try
            {
                return work();
            }
            catch (Exception e) when (retry <= MaxRetries && IsTransient(e))
            {
                Thread.Sleep(Delay(retry));
            }
        }
    }
}
