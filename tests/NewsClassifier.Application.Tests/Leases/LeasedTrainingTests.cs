using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Runs;
using static NewsClassifier.Application.Tests.Leases.LeaseTestSupport;
using static NewsClassifier.Application.Tests.Recovery.RestartScenario;

namespace NewsClassifier.Application.Tests.Leases;

/// <summary>A run is trained by one process at a time: a job finding the run's lease held by a live process leaves the
/// row alone, a restart does not queue a run another live process trains, and the periodic sweep queues it again once
/// that holder is gone.</summary>
public sealed class LeasedTrainingTests
{
    private static readonly Dictionary<string, string?> FastSweep = new() { ["Leases:SweepSeconds"] = "1" };

    [Fact]
    public async Task A_second_host_sharing_the_database_leaves_a_run_alone_while_the_first_trains_it()
    {
        var app = await NewsHost.StartAsync();
        try
        {
            await SecondHostLeavesTheRunAloneAsync(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task SecondHostLeavesTheRunAloneAsync(NewsHost app)
    {
        var datasetId = await SampleData.ImportSampleAsync(app, "leased-run", rows: 400);
        int id;
        using (var scope = app.Services.CreateScope())
            id = await scope.ServiceProvider.GetRequiredService<RunLauncher>().SubmitAsync(new TrainingRequest(datasetId, "custom",
                new Dictionary<string, string>(SampleData.TinyModel) { ["epochs"] = "12", ["early_stopping_patience"] = "0" }), CancellationToken.None);
        await SampleData.WaitForRunAsync(app, id, r => r.State == RunState.Running && r.Step > 0, seconds: 60);

        // A second host's trainer: its own lease identity (another instance), the same database.
        using (var scope = app.Services.CreateScope())
        {
            var secondHost = ActivatorUtilities.CreateInstance<RunTrainer>(scope.ServiceProvider, LeasesOf(app, OtherHostHere()));
            await secondHost.TrainAsync(id, CancellationToken.None);
        }
        var during = await QueryAsync(app, db => db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(RunState.Running, during.State);
        Assert.Equal(1, during.Attempts); // the second trainer did not count a start or reset the run

        var finished = await SampleData.WaitForRunAsync(app, id);
        Assert.True(finished.State == RunState.Succeeded, finished.Error);
        using var check = app.Services.CreateScope();
        var details = await check.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(id, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 12), details!.Metrics.Where(m => m.Name == RunMetricNames.ValidationAccuracy).Select(m => m.Step).Order());
        Assert.Null(await ReleasedAsync(app, WorkKinds.Training, id)); // released at the end
    }

    [Fact]
    public Task A_restart_leaves_a_run_another_live_process_trains_alone_and_the_sweep_queues_it_when_that_process_dies() =>
        AcrossARestartAsync(NoTrainingWorkers,
            async first =>
            {
                var id = await SubmitTinyRunAsync(first, "cli-trains", rows: 200);
                // The CLI trains it in another process (on another machine as far as the lease says: trusted until expiry).
                await InsertAsync(first, WorkKinds.Training, id, OtherMachine, TimeSpan.FromHours(1));
                await UpdateAsync(first, db => db.TrainingRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.State, RunState.Running).SetProperty(r => r.Attempts, 1).SetProperty(r => r.JobId, "cli")));
                return id;
            },
            async (second, id) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(3)); // start-up recovery and two sweeps
                var untouched = await QueryAsync(second, db => db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == id));
                Assert.Equal(RunState.Running, untouched.State);
                Assert.Equal("cli", untouched.JobId);
                Assert.Equal(OtherMachine.Value, (await FindAsync(second, WorkKinds.Training, id))!.Owner);

                // The CLI is killed: its lease is no longer renewed and expires.
                await UpdateAsync(second, db => db.WorkLeases.Where(l => l.Kind == WorkKinds.Training && l.WorkId == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
                var finished = await SampleData.WaitForRunAsync(second, id);
                Assert.True(finished.State == RunState.Succeeded, finished.Error);
                Assert.Equal(2, finished.Attempts); // the CLI's start and the sweep's
                Assert.Null(await ReleasedAsync(second, WorkKinds.Training, id));
            },
            secondSettings: FastSweep);

    [Fact]
    public Task At_restart_a_run_whose_holder_was_a_process_that_died_on_this_machine_is_queued_at_once() => AcrossARestartAsync(NoTrainingWorkers,
        async first =>
        {
            var id = await SubmitTinyRunAsync(first, "killed-holder", rows: 200);
            // kill -9: the lease stays, unexpired, naming a process that no longer exists.
            await InsertAsync(first, WorkKinds.Training, id, DeadLocal, TimeSpan.FromHours(1));
            await UpdateAsync(first, db => db.TrainingRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, RunState.Running)));
            return id;
        },
        async (second, id) =>
        {
            var finished = await SampleData.WaitForRunAsync(second, id, seconds: 60);
            Assert.True(finished.State == RunState.Succeeded, finished.Error);
        });
}
