using Microsoft.Data.Sqlite;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Imports;

namespace NewsClassifier.Application.Tests.Import;

/// <summary>A write that meets another connection's write lock for longer than its busy timeout is tried again, both
/// through EF (the execution strategy) and for the importer's raw batch transactions (<see cref="SqliteRetry"/>).</summary>
public sealed class SqliteBusyRetryTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task An_ef_write_waits_out_a_lock_held_longer_than_its_timeout()
    {
        await using var db = await TestDatabase.CreateAsync();
        var impatient = ShortTimeout(db);
        var options = (DbContextOptions<NewsDbContext>)DataServiceExtensions.ConfigureSqlite(new DbContextOptionsBuilder<NewsDbContext>(), impatient).Options;

        using var held = HoldWriteLock(db, Hold);
        AssertLockOutlastsOneAttempt(impatient);
        await using var context = new NewsDbContext(options);
        context.DatasetImports.Add(new DatasetImport { DatasetName = "retried", Source = "s", SourceKind = ImportSourceKind.Upload, State = ImportState.Queued });
        await context.SaveChangesAsync();
        await held.Released;

        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM DatasetImports WHERE DatasetName = 'retried'"));
    }

    [Fact]
    public async Task An_explicit_transaction_run_through_the_strategy_is_retried_whole_and_one_begun_outside_it_still_works()
    {
        await using var db = await TestDatabase.CreateAsync();
        var impatient = ShortTimeout(db);
        var options = (DbContextOptions<NewsDbContext>)DataServiceExtensions.ConfigureSqlite(new DbContextOptionsBuilder<NewsDbContext>(), impatient).Options;

        using (var held = HoldWriteLock(db, Hold))
        {
            await using var context = new NewsDbContext(options);
            var attempts = 0;
            await context.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                attempts++;
                context.ChangeTracker.Clear();
                await using var transaction = await context.Database.BeginTransactionAsync();
                context.DatasetImports.Add(new DatasetImport { DatasetName = "unit", Source = "s", SourceKind = ImportSourceKind.Upload, State = ImportState.Queued });
                await context.SaveChangesAsync();
                await transaction.CommitAsync();
            });
            await held.Released;
            Assert.True(attempts > 1, "the lock outlasted the first attempt, so there must have been a retry");
        }

        // Not retried, but not refused either (EF refuses caller transactions under a retrying strategy by default).
        await using (var context = new NewsDbContext(options))
        {
            await using var transaction = await context.Database.BeginTransactionAsync();
            context.DatasetImports.Add(new DatasetImport { DatasetName = "plain", Source = "s", SourceKind = ImportSourceKind.Upload, State = ImportState.Queued });
            await context.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        Assert.Equal(2, db.Scalar("SELECT COUNT(*) FROM DatasetImports"));
    }

    [Fact]
    public async Task A_raw_batch_transaction_is_retried_after_the_lock_is_released()
    {
        await using var db = await TestDatabase.CreateAsync();
        var impatient = ShortTimeout(db);
        using var held = HoldWriteLock(db, Hold);
        AssertLockOutlastsOneAttempt(impatient);
        using var connection = new SqliteConnection(impatient);
        connection.Open();
        var attempts = 0;
        SqliteRetry.Execute(() =>
        {
            attempts++;
            using var transaction = connection.BeginTransaction(deferred: false);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO DatasetImports (DatasetName, SourceKind, Source, SpecJson, State, CreatedAt, BytesDone, BytesTotal, RowsRead, Attempts) " +
                                  "VALUES ('raw', 0, 's', '{}', 0, '2026-01-01 00:00:00', 0, 0, 0, 0)";
            command.ExecuteNonQuery();
            transaction.Commit();
            return 0;
        });
        await held.Released;
        Assert.True(attempts > 1);
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM DatasetImports WHERE DatasetName = 'raw'"));
    }

    private static string ShortTimeout(TestDatabase db) =>
        new SqliteConnectionStringBuilder(db.Services.GetRequiredService<DataPaths>().ConnectionString) { DefaultTimeout = 1, Pooling = false }.ToString();

    /// <summary>Without a retry a write fails while the lock is held: the tests above would fail without theirs.</summary>
    private static void AssertLockOutlastsOneAttempt(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
        var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
        Assert.True(SqliteRetry.IsTransient(error), error.Message);
    }

    /// <summary>A second connection takes the write lock and keeps it for <paramref name="hold"/>.</summary>
    private static HeldLock HoldWriteLock(TestDatabase db, TimeSpan hold)
    {
        var connection = new SqliteConnection(db.Services.GetRequiredService<DataPaths>().ConnectionString);
        connection.Open();
        var transaction = connection.BeginTransaction(deferred: false);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "UPDATE Datasets SET Name = Name"; // a write, so the lock is a real RESERVED lock
            command.ExecuteNonQuery();
        }
        var released = Task.Run(async () =>
        {
            await Task.Delay(hold);
            transaction.Commit();
            transaction.Dispose();
            connection.Dispose();
        });
        return new HeldLock(released);
    }

    private sealed record HeldLock(Task Released) : IDisposable
    {
        public void Dispose() => Released.GetAwaiter().GetResult();
    }
}
