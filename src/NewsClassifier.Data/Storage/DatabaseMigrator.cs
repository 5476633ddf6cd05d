using Microsoft.Extensions.Logging;

namespace NewsClassifier.Data.Storage;

/// <summary>Brings the database to the newest migration. The web app calls it at start for the embedded
/// SQLite default (see README); the CLI's `migrate` calls it explicitly.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<NewsDbContext> contexts, ILogger<DatabaseMigrator> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
        // WAL lets the web app read while an import or training job writes; the setting is stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        return pending;
    }
}
