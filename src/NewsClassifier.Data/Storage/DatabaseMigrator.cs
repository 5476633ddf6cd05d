using Microsoft.Extensions.Logging;

namespace NewsClassifier.Data.Storage;

/// <summary>Brings the database to the newest migration. The web app calls it at start for the embedded
/// SQLite default (see README); the CLI's `migrate` calls it explicitly (the only way a PostgreSQL database is migrated).</summary>
public sealed class DatabaseMigrator(IDbContextFactory<NewsDbContext> contexts, DatabaseTarget target, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Whether the web app migrates at start: only the embedded SQLite default (PostgreSQL deployments run
    /// `migrate` once, before any node starts, so two nodes never race to apply the same migration).</summary>
    public bool MigratesAtStart => target.IsSqlite;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (!target.IsSqlite) return pending;
        // WAL lets the web app read while an import or training job writes; the setting is stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        return pending;
    }

    /// <summary>For a database the web app does not migrate: refuses to start on a schema older than this build, naming
    /// the command that fixes it, instead of failing later on a missing table.</summary>
    public async Task EnsureMigratedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            throw new InvalidOperationException(
                $"The {target.Provider} database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}). " +
                "Run `newsclassifier migrate` with the same configuration once, then start the app.");
    }
}
