using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NewsClassifier.Data.Search;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Data.Tests;

/// <summary>The migrations assembly builds a sound database from nothing, and applying it twice changes nothing.</summary>
public sealed class DatabaseMigratorTests : IDisposable
{
    private readonly DataPaths _paths = new(Directory.CreateTempSubdirectory("nc-migrate-").FullName);

    [Fact]
    public async Task A_fresh_file_gets_every_migration_in_wal_mode_and_passes_the_integrity_check()
    {
        var applied = await Migrator().MigrateAsync();

        Assert.NotEmpty(applied);
        Assert.Equal("wal", Scalar("PRAGMA journal_mode;"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check;"));
        await using var db = Context();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(applied, (await db.Database.GetAppliedMigrationsAsync()).ToList());
    }

    [Fact]
    public async Task Migrating_again_applies_nothing_and_keeps_the_rows()
    {
        await Migrator().MigrateAsync();
        await using (var db = Context())
        {
            db.Datasets.Add(new Dataset { Name = "kept", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var second = await Migrator().MigrateAsync();

        Assert.Empty(second);
        await using var again = Context();
        Assert.Equal("kept", (await again.Datasets.SingleAsync()).Name);
    }

    [Fact]
    public async Task The_full_text_table_exists_and_matches_quoted_words()
    {
        await Migrator().MigrateAsync();
        Execute($"INSERT INTO {ArticleSearchIndex.Table}(rowid, Title, Text) VALUES (7, 'Oil prices rise', 'Crude \"futures\" jumped');");

        var match = ArticleSearchIndex.ToMatchExpression("crude  FUTURES");

        Assert.Equal("\"crude\" \"FUTURES\"", match);
        Assert.Equal("7", Scalar($"SELECT rowid FROM {ArticleSearchIndex.Table} WHERE {ArticleSearchIndex.Table} MATCH '{match!.Replace("'", "''")}';"));
        Assert.Null(ArticleSearchIndex.ToMatchExpression(" -- ** "));
    }

    private DatabaseMigrator Migrator() =>
        new(new ContextFactory(_paths.ConnectionString), new DatabaseTarget(StorageProvider.Sqlite, _paths.ConnectionString), NullLogger<DatabaseMigrator>.Instance);

    private NewsDbContext Context() => new ContextFactory(_paths.ConnectionString).CreateDbContext();

    private string? Scalar(string sql)
    {
        using var connection = new SqliteConnection(_paths.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(_paths.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_paths.DataDirectory, recursive: true); } catch (IOException) { }
    }

    private sealed class ContextFactory(string connectionString) : IDbContextFactory<NewsDbContext>
    {
        public NewsDbContext CreateDbContext() =>
            new(((DbContextOptionsBuilder<NewsDbContext>)DataServiceExtensions.ConfigureSqlite(new DbContextOptionsBuilder<NewsDbContext>(), connectionString)).Options);
    }
}
