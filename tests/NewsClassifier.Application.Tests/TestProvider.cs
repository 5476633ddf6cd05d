using NewsClassifier.Data.Storage;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Application.Tests;

/// <summary>
/// The one place the fixtures (<see cref="TestDatabase"/>, <see cref="NewsHost"/>, <see cref="Accounts.AccountsHost"/>) take
/// their provider from. This project runs on SQLite; NewsClassifier.Application.Tests.PostgreSql compiles the same
/// sources with NEWSCLASSIFIER_POSTGRES defined, so every test runs on both.
/// </summary>
public static class TestProvider
{
#if NEWSCLASSIFIER_POSTGRES
    public const StorageProvider Current = StorageProvider.Postgres;
#else
    public const StorageProvider Current = StorageProvider.Sqlite;
#endif

    public static bool IsPostgres => Current == StorageProvider.Postgres;

    public static Task<TestStore> CreateStoreAsync() => TestStore.CreateAsync(Current);
}
