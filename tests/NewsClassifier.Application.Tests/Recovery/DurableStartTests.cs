using Hangfire;
using Hangfire.Storage;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.Application.Leases;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Runs;
using NewsClassifier.TestSupport.Databases;

using static NewsClassifier.Application.Tests.Recovery.RestartScenario;

namespace NewsClassifier.Application.Tests.Recovery;

/// <summary>
/// On PostgreSQL, Hangfire's jobs and recurring timers live in the shared database and outlive a restart, so the next
/// host must not queue again what is already queued: a queued run keeps its one job, a cron schedule its one timer and
/// its missed slot one firing however many processes start, while a running run whose holder died is still recovered,
/// once, its dead job deleted. Each
/// host runs without job servers (nothing takes the work) on a fresh database of the test cluster.
/// </summary>
public sealed class DurableStartTests : IAsyncLifetime
{
    private string _database = "";

    private Dictionary<string, string?> Settings => new()
    {
        ["Storage:Provider"] = "postgres",
        ["ConnectionStrings:NewsClassifier"] = _database,
        ["Jobs:TrainingWorkers"] = "0",
        ["Jobs:DefaultWorkers"] = "0",
        ["Jobs:WebhookWorkers"] = "0",
    };

    public async Task InitializeAsync() => _database = await PostgresServer.Shared.CreateDatabaseAsync("nc_durable");

    public Task DisposeAsync() => PostgresServer.Shared.DropDatabaseAsync(_database);

    [Fact]
    public Task A_restart_leaves_a_queued_run_to_its_durable_job_and_queues_it_no_second_time() => AcrossARestartAsync(Settings,
        async first =>
        {
            var id = await SubmitRunAsync(first, "durable-queued");
            Assert.Equal(1, TrainingQueueLength(first));
            return (Id: id, JobId: await JobIdAsync(first, id));
        },
        async (second, run) =>
        {
            Assert.Equal(1, TrainingQueueLength(second));
            Assert.Equal(run.JobId, await JobIdAsync(second, run.Id));
            Assert.Equal(RunState.Queued, await QueryAsync(second, db => db.TrainingRuns.Where(r => r.Id == run.Id).Select(r => r.State).SingleAsync()));
            Assert.Equal("Enqueued", JobState(second, run.JobId));
        }, Settings);

    [Fact]
    public Task A_restart_recovers_a_running_run_whose_holder_died_once_and_deletes_its_dead_job() => AcrossARestartAsync(Settings,
        async first =>
        {
            var id = await SubmitRunAsync(first, "durable-running");
            // What the database holds after a worker on this machine was killed mid-run: the run Running, its lease held
            // by a process that no longer exists, its Hangfire job still in the queue as that worker fetched it.
            var dead = new LeaseOwner(LeaseOwner.MachineName, DeadProcessId(), DateTime.UtcNow.Ticks, "killed").Value;
            await UpdateAsync(first, async db =>
            {
                await db.TrainingRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.State, RunState.Running).SetProperty(r => r.Attempts, 1).SetProperty(r => r.StartedAt, DateTime.UtcNow));
                db.WorkLeases.Add(new WorkLease { Kind = WorkKinds.Training, WorkId = id, Owner = dead, AcquiredAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddMinutes(5) });
                await db.SaveChangesAsync();
            });
            return (Id: id, JobId: await JobIdAsync(first, id));
        },
        async (second, run) =>
        {
            var recovered = await QueryAsync(second, db => db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id));
            Assert.Equal(RunState.Queued, recovered.State);
            Assert.NotNull(recovered.JobId);
            Assert.NotEqual(run.JobId, recovered.JobId);
            Assert.Equal("Deleted", JobState(second, run.JobId));
            Assert.Equal("Enqueued", JobState(second, recovered.JobId!));
            Assert.Equal(1, TrainingQueueLength(second));
            Assert.Equal(1, recovered.Attempts); // counted by the attempt that died; the crash limit (2) lets it run once more
            var log = await QueryAsync(second, db => db.RunLogEntries.Where(l => l.RunId == run.Id).Select(l => l.Message).ToListAsync());
            Assert.Single(log, m => m.StartsWith("The server stopped during this run; it was queued again", StringComparison.Ordinal));
        }, Settings);

    [Fact]
    public async Task Processes_starting_at_once_keep_a_cron_schedule_s_one_timer_and_fire_its_missed_slot_once()
    {
        int scheduleId;
        await using (var first = await NewsHost.StartAsync(Settings))
        {
            var datasetId = await PostgresSampleDataset.CreateAsync(_database, "durable-schedule", 100);
            using (var scope = first.Services.CreateScope())
                scheduleId = (await scope.ServiceProvider.GetRequiredService<ScheduleService>().CreateAsync(new ScheduleRequest
                {
                    Name = "hourly", DatasetId = datasetId, Recipe = "tfidf-baseline", Cron = "0 * * * *", EvaluationFraction = 0.2,
                }, "alice", CancellationToken.None)).Id;
            // Created three hours ago and never fired: the servers were down over three hourly slots.
            await UpdateAsync(first, db => db.Schedules.Where(s => s.Id == scheduleId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CreatedAt, DateTime.UtcNow.AddHours(-3))));
        }

        // A deploy: the web process and a worker start together on the same database.
        var started = await Task.WhenAll(NewsHost.StartAsync(Settings), NewsHost.StartAsync(Settings));
        try
        {
            using (var connection = started[0].Services.GetRequiredService<JobStorage>().GetConnection())
                Assert.Equal(["schedule:" + scheduleId, "schedules:check"], connection.GetRecurringJobs().Select(j => j.Id).Order().ToList());
            Assert.Equal(1, TrainingQueueLength(started[0])); // one "missed" firing between them
            var slot = await QueryAsync(started[0], db => db.Schedules.Where(s => s.Id == scheduleId).Select(s => s.LastCronSlot).SingleAsync());
            Assert.NotNull(slot); // the latest hourly slot, on the hour
            Assert.Equal(TimeSpan.Zero, slot.Value.TimeOfDay - TimeSpan.FromHours(slot.Value.Hour));
            Assert.InRange(DateTime.UtcNow - slot.Value, TimeSpan.Zero, TimeSpan.FromMinutes(61));
        }
        finally
        {
            foreach (var host in started) await host.DisposeAsync();
        }

        // The slot is recorded: the next start fires nothing more.
        await using var later = await NewsHost.StartAsync(Settings);
        Assert.Equal(1, TrainingQueueLength(later));
    }

    private async Task<int> SubmitRunAsync(NewsHost app, string dataset)
    {
        var datasetId = await PostgresSampleDataset.CreateAsync(_database, dataset, 100);
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RunLauncher>()
            .SubmitAsync(new TrainingRequest(datasetId, "custom", SampleData.TinyModel), CancellationToken.None);
    }

    private static Task<string> JobIdAsync(NewsHost app, int runId) =>
        QueryAsync(app, db => db.TrainingRuns.Where(r => r.Id == runId).Select(r => r.JobId!).SingleAsync());

    /// <summary>Jobs waiting in the training queue that a server would run: a deleted job's entry stays in the queue until a
    /// server fetches it and drops it, so entries are counted by their job's state.</summary>
    private static int TrainingQueueLength(NewsHost app) =>
        app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("training", 0, 100).Count(j => JobState(app, j.Key) == "Enqueued");

    private static string JobState(NewsHost app, string jobId)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(jobId).Name;
    }

    /// <summary>The id of a process that has exited: no process on this machine has it now.</summary>
    private static int DeadProcessId()
    {
        using var process = System.Diagnostics.Process.Start("true")!;
        process.WaitForExit();
        return process.Id;
    }
}
