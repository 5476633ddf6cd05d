using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NewsClassifier.Data.Sql;
using NewsClassifier.Data.Storage;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Data.Tests;

/// <summary>A migrated database of either provider (a SQLite file in a temp folder, or the fresh database of a
/// <see cref="TestStore"/>) with its context factory and raw-SQL dialect, for tests that run the same steps on both.</summary>
public sealed class ProviderDatabase : IAsyncDisposable
{
    private readonly TestStore _store;
    private readonly string _folder = Directory.CreateTempSubdirectory("nc-data-provider-").FullName;

    private ProviderDatabase(TestStore store)
    {
        _store = store;
        Target = new DatabaseTarget(store.Provider, store.ConnectionString
            ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "test.db"), Pooling = true }.ConnectionString);
        Contexts = new ContextFactory(Target);
        Dialect = DataServiceExtensions.DialectOf(Target);
    }

    public DatabaseTarget Target { get; }

    public IDbContextFactory<NewsDbContext> Contexts { get; }

    public DatabaseDialect Dialect { get; }

    public static async Task<ProviderDatabase> CreateAsync(StorageProvider provider)
    {
        var database = new ProviderDatabase(await TestStore.CreateAsync(provider));
        await new DatabaseMigrator(database.Contexts, database.Target, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        if (Dialect is IAsyncDisposable disposable) await disposable.DisposeAsync();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    internal sealed class ContextFactory(DatabaseTarget target) : IDbContextFactory<NewsDbContext>
    {
        public NewsDbContext CreateDbContext() =>
            new(((DbContextOptionsBuilder<NewsDbContext>)DataServiceExtensions.Configure(new DbContextOptionsBuilder<NewsDbContext>(), target)).Options);
    }
}
