using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NewsClassifier.Data.Storage;

/// <summary>
/// Lets SQLite itself wait for a busy write lock (<c>PRAGMA busy_timeout</c>, as long as the connection's Default Timeout).
/// Microsoft.Data.Sqlite otherwise retries a busy statement only every 150 ms: behind an import that commits a batch
/// every few hundred milliseconds, a writer polling that coarsely kept missing the gaps between batches and waited over
/// a second; SQLite's own handler retries after 1, 2, 5, 10... ms and gets in at the next gap.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    public static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite) return;
        using var command = sqlite.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {Math.Max(0, sqlite.DefaultTimeout) * 1000L};";
        command.ExecuteNonQuery();
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }
}
