using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Data.Tests;

/// <summary>The PostgreSQL migrations assembly builds the schema on a real server from nothing, and applying it again
/// changes nothing.</summary>
public sealed class PostgresMigratorTests : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await PostgresServer.Shared.CreateDatabaseAsync();

    public Task DisposeAsync() => PostgresServer.Shared.DropDatabaseAsync(_connectionString);

    [Fact]
    public async Task A_fresh_database_gets_every_migration_and_migrating_again_applies_nothing_and_keeps_the_rows()
    {
        var target = new DatabaseTarget(StorageProvider.Postgres, _connectionString);
        var migrator = new DatabaseMigrator(new ProviderDatabase.ContextFactory(target), target, NullLogger<DatabaseMigrator>.Instance);
        Assert.False(migrator.MigratesAtStart);
        await Assert.ThrowsAsync<InvalidOperationException>(() => migrator.EnsureMigratedAsync());

        var applied = await migrator.MigrateAsync();

        Assert.NotEmpty(applied);
        await migrator.EnsureMigratedAsync();
        await using (var db = new ProviderDatabase.ContextFactory(target).CreateDbContext())
        {
            Assert.True(db.Database.IsNpgsql());
            db.Datasets.Add(new Dataset { Name = "kept", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        Assert.Empty(await migrator.MigrateAsync());
        await using var again = new ProviderDatabase.ContextFactory(target).CreateDbContext();
        var kept = await again.Datasets.SingleAsync();
        Assert.Equal("kept", kept.Name);
        Assert.Equal(DateTimeKind.Utc, kept.CreatedAt.Kind);
    }
}
