using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Faults.Tests.Cases;

/// <summary>
/// Scaled out on PostgreSQL: a web app that trains nothing itself (Jobs:TrainingWorkers=0) and worker A share one database
/// and its durable Hangfire queues. A run queued through the API with a bearer token is trained by A; A is killed with
/// SIGKILL during epoch 3; worker B, started afterwards, must resume it from A's last checkpoint (not from epoch 1) and
/// finish it: Succeeded, every per-epoch metric once, one resume in the log, two attempts (A's and B's, never two at once),
/// A's dead Hangfire job deleted rather than run a second time, and no work left queued, running or leased.
/// </summary>
public sealed class WorkerTrainingFaultCases
{
    private const int Epochs = 8;
    private const int Rows = 1200;

    // Training on PostgreSQL needs the provider-neutral snapshot insert of branch pg-data (its 0274e76): on this branch alone
    // the run fails at its snapshot. Passed (1 m 45 s) on main + pg-data + pg-jobs; remove the Skip once pg-data is merged.
    [Fact]
    public async Task Kill_9_of_a_worker_during_epoch_3_then_a_second_worker_resumes_the_run_and_it_succeeds()
    {
        await using var host = await FaultHost.CreatePostgresAsync();
        var datasetId = await PostgresSampleDataset.CreateAsync(host.PostgresConnectionString!, "faults-ag", Rows);
        var web = await host.StartWebAsync();
        var workerA = await host.StartWorkerAsync();
        var runId = await Runs.StartAsync(await host.TokenClientAsync(web), datasetId, "custom-lesson", Runs.Lesson(Epochs));

        await Runs.UntilTrainingAsync(host, runId, completed: 2, workerA);
        workerA.Kill();
        var completedAtKill = (int)await Runs.CompletedEpochsAsync(host, runId);
        Assert.True(completedAtKill < Epochs, $"the run finished before the kill ({completedAtKill} epochs)");

        var workerB = await host.StartWorkerAsync();
        var (state, attempts, error) = await Runs.UntilFinishedAsync(host, runId, workerB);

        Assert.True(state == "Succeeded", $"run {runId} ended {state}: {error}\n{workerB.Tail()}");
        await Runs.AssertEpochsOnceAsync(host, runId, Epochs);
        var resume = await Runs.AssertResumedOnceAsync(host, runId);
        // One epoch of slack either way: the kill may land just after an epoch's checkpoint and before its metrics were read
        // here (From one more), or between an epoch's metrics, recorded first, and its checkpoint (From one less: that
        // epoch trains again and its metrics are replaced, which AssertEpochsOnceAsync checked).
        Assert.InRange(resume.From, Math.Max(1, completedAtKill - 1), completedAtKill + 1);
        Assert.Equal((resume.From + 1, Epochs), (resume.At, resume.Of));
        Assert.Equal(2, attempts);
        var starts = (await Runs.LogAsync(host, runId)).Count(m => m.StartsWith("Training 'custom-lesson'", StringComparison.Ordinal));
        Assert.True(starts == 2, $"run {runId} started training {starts} times, expected twice (A, then B)");
        // The run's row reads Succeeded just before Hangfire records the job's own end: give that a few seconds.
        var states = await TrainingJobStatesAsync(host);
        for (var wait = 0; wait < 50 && states.SequenceEqual(["Deleted", "Processing"]); wait++)
        {
            await Task.Delay(200);
            states = await TrainingJobStatesAsync(host);
        }
        Assert.Equal(["Deleted", "Succeeded"], states);
        // The web node serves no training queue: only the workers' servers do.
        var servers = await host.QueryAsync("SELECT id FROM hangfire.server", r => r.GetString(0));
        Assert.Contains(servers, id => id.Contains(":worker:training:", StringComparison.Ordinal));
        Assert.DoesNotContain(servers, id => id.Contains(":web:training:", StringComparison.Ordinal));

        await host.KillWhenIdleAsync(workerB);
        Assert.Empty(await host.QueryAsync("SELECT \"Id\" FROM \"TrainingRuns\" WHERE \"State\" IN ('Queued', 'Running')", r => r.GetInt32(0)));
    }

    /// <summary>The Hangfire states of the training jobs in the shared storage, oldest first: A's, deleted by the recovery
    /// that queued the run again, then the one B ran.</summary>
    private static Task<List<string>> TrainingJobStatesAsync(FaultHost host) => host.QueryAsync(
        "SELECT statename FROM hangfire.job WHERE invocationdata::text LIKE '%TrainingJob%' ORDER BY id", r => r.GetString(0));
}
