namespace NewsClassifier.Faults.Tests.Cases;

/// <summary>
/// <c>newsclassifier train</c> trains a run in its own process on the web app's data directory while the web app is
/// restarted (SIGTERM, then a new start). The web app must leave that run alone (its trainer is alive and holds the
/// run's lease): not queue it again, not train it; the CLI finishes it Succeeded in one attempt with every epoch once.
/// </summary>
public sealed class CliTrainingFaultCases
{
    /// <summary>Enough epochs (half a second to a second and a half each) to outlast the web app's stop and start.</summary>
    private const int Epochs = 25;

    [Fact]
    public async Task A_restart_of_the_web_app_while_the_cli_trains_leaves_the_cli_run_alone()
    {
        await using var host = await FaultHost.CreateAsync();
        await host.ImportSampleAsync("faults-ag", 1200);
        // The first web app starts while the CLI loads its model (both take seconds).
        var starting = host.StartWebAsync();
        var cli = host.StartCli(["train", "--dataset", "faults-ag", "--recipe", "custom-lesson", .. Runs.LessonArguments(Epochs)]);
        var web = await starting;
        await FaultHost.UntilAsync(async () => await host.ScalarAsync<long>("SELECT COUNT(*) FROM TrainingRuns") == 1, cli, "the CLI's run row");
        var runId = await host.ScalarAsync<int>("SELECT Id FROM TrainingRuns");
        await Runs.UntilTrainingAsync(host, runId, completed: 0, cli);

        web.Process.Terminate();
        await web.Process.WaitForExitAsync(FaultHost.Bound);
        var restarted = await host.StartWebAsync();
        var atRestart = await Runs.CompletedEpochsAsync(host, runId);
        // The web app's recovery runs at start; a wrongly re-queued run would be Queued or train a second attempt by now.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (during, attemptsDuring, _) = await Runs.StateAsync(host, runId);
        Assert.True(atRestart < Epochs, $"the CLI finished before the web app restarted ({atRestart} epochs): nothing was tested");

        var exit = await cli.WaitForExitAsync(FaultHost.Bound);
        var (state, attempts, error) = await Runs.StateAsync(host, runId);
        var log = await Runs.LogAsync(host, runId);

        Assert.True(during == "Running" && attemptsDuring == 1, $"after the web app's restart the CLI's run is {during}, attempt {attemptsDuring}\n{restarted.Process.Tail()}");
        Assert.True(exit == 0 && state == "Succeeded", $"the CLI exited {exit}, run {runId} is {state}: {error}\n{cli.Tail()}");
        Assert.Equal(1, attempts);
        Assert.DoesNotContain(log, m => m.Contains("queued again", StringComparison.OrdinalIgnoreCase) || m.StartsWith("Resumed at", StringComparison.Ordinal));
        await Runs.AssertEpochsOnceAsync(host, runId, Epochs);
        Assert.Equal(1, await host.ScalarAsync<long>("SELECT COUNT(*) FROM TrainingRuns"));
        await host.KillWhenIdleAsync(restarted.Process);
        await Aftermath.AssertCleanAsync(host, restarted.Process.Tail());
    }
}
