using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NewsClassifier.Data.Sql;
using NewsClassifier.Data.Storage;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Data.Tests;

/// <summary>A migrated database of either provider (a SQLite file in a temp folder, or a fresh database on the shared
/// test server) with its context factory and raw-SQL dialect, for tests that run the same steps on both.</summary>
public sealed class ProviderDatabase : IAsyncDisposable
{
    private readonly string? _folder;

    private ProviderDatabase(DatabaseTarget target, string? folder)
    {
        Target = target;
        _folder = folder;
        Contexts = new ContextFactory(target);
        Dialect = DataServiceExtensions.DialectOf(target);
    }

    public DatabaseTarget Target { get; }

    public IDbContextFactory<NewsDbContext> Contexts { get; }

    public DatabaseDialect Dialect { get; }

    public static async Task<ProviderDatabase> CreateAsync(StorageProvider provider)
    {
        ProviderDatabase database;
        if (provider == StorageProvider.Postgres)
        {
            database = new ProviderDatabase(new DatabaseTarget(provider, await PostgresServer.Shared.CreateDatabaseAsync()), null);
        }
        else
        {
            var folder = Directory.CreateTempSubdirectory("nc-data-provider-").FullName;
            var file = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "test.db"), Pooling = true }.ConnectionString;
            database = new ProviderDatabase(new DatabaseTarget(provider, file), folder);
        }
        await new DatabaseMigrator(database.Contexts, database.Target, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (Dialect is IAsyncDisposable disposable) await disposable.DisposeAsync();
        if (Target.IsPostgres)
        {
            await PostgresServer.Shared.DropDatabaseAsync(Target.ConnectionString);
            return;
        }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder!, recursive: true); } catch (IOException) { }
    }

    internal sealed class ContextFactory(DatabaseTarget target) : IDbContextFactory<NewsDbContext>
    {
        public NewsDbContext CreateDbContext() =>
            new(((DbContextOptionsBuilder<NewsDbContext>)DataServiceExtensions.Configure(new DbContextOptionsBuilder<NewsDbContext>(), target)).Options);
    }
}
