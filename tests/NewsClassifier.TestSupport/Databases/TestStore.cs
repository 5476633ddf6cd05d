using NewsClassifier.Data.Storage;

namespace NewsClassifier.TestSupport.Databases;

/// <summary>
/// The database one fixture runs on, for the provider its test assembly was built for: nothing to make for SQLite (the
/// file lives in the fixture's data directory), a fresh database on <see cref="PostgresServer.Shared"/> for PostgreSQL,
/// dropped at dispose. <see cref="Settings"/> goes over the fixture's configuration.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    private TestStore(StorageProvider provider, string? connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Settings = connectionString is null
            ? new Dictionary<string, string?>()
            : new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "postgres",
                [$"ConnectionStrings:{StorageOptions.ConnectionStringName}"] = connectionString,
            };
    }

    public StorageProvider Provider { get; }

    /// <summary>The PostgreSQL database's connection string; null for SQLite.</summary>
    public string? ConnectionString { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static async Task<TestStore> CreateAsync(StorageProvider provider) => provider == StorageProvider.Postgres
        ? new TestStore(provider, await PostgresServer.Shared.CreateDatabaseAsync())
        : new TestStore(provider, null);

    public async ValueTask DisposeAsync()
    {
        if (ConnectionString is not null) await PostgresServer.Shared.DropDatabaseAsync(ConnectionString);
    }
}
