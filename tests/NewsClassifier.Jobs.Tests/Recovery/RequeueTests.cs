using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using NewsClassifier.Jobs.Recovery;
using NewsClassifier.Jobs.Storage;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Jobs.Tests.Recovery;

/// <summary>Re-queueing recovered work against real job storage: Hangfire.PostgreSql on the test server, and in memory.</summary>
public sealed class RequeueTests : IAsyncLifetime
{
    private string _database = "";
    private PostgreSqlStorage? _postgres;

    public async Task InitializeAsync()
    {
        _database = await PostgresServer.Shared.CreateDatabaseAsync("nc_requeue");
        _postgres = new PostgreSqlStorage(new NpgsqlConnectionFactory(_database, JobStorageSetup.PostgresOptions(), null), JobStorageSetup.PostgresOptions());
    }

    public Task DisposeAsync() => PostgresServer.Shared.DropDatabaseAsync(_database);

    [Fact]
    public void On_durable_storage_the_dead_job_is_deleted_so_its_queue_entry_never_runs_a_second_copy()
    {
        var work = new HangfireBackgroundWork(new BackgroundJobClient(_postgres!));
        var dead = work.TrainRun(7);

        var replacement = new Requeue(work, new JobStore(IsDurable: true)).Replace(dead, w => w.TrainRun(7));

        Assert.NotEqual(dead, replacement);
        Assert.Equal("Deleted", StateOf(_postgres!, dead));
        Assert.Equal("Enqueued", StateOf(_postgres!, replacement));
    }

    [Fact]
    public void An_id_the_storage_never_issued_is_replaced_without_an_error()
    {
        var work = new HangfireBackgroundWork(new BackgroundJobClient(_postgres!));

        // A run the CLI trained in its own process carries an id that is no Hangfire.PostgreSql job (those are numbers).
        var replacement = new Requeue(work, new JobStore(IsDurable: true)).Replace("cli", w => w.TrainRun(8));

        Assert.Equal("Enqueued", StateOf(_postgres!, replacement));
    }

    [Fact]
    public void In_memory_the_old_id_is_left_alone_it_may_name_another_job_of_this_process()
    {
        using var memory = new InMemoryStorage();
        var work = new HangfireBackgroundWork(new BackgroundJobClient(memory));
        var other = work.TrainRun(9);

        var replacement = new Requeue(work, new JobStore(IsDurable: false)).Replace(other, w => w.TrainRun(10));

        Assert.Equal("Enqueued", StateOf(memory, other));
        Assert.Equal("Enqueued", StateOf(memory, replacement));
    }

    private static string StateOf(JobStorage storage, string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId).Name;
    }
}
