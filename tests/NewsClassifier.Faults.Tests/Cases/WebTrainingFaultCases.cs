namespace NewsClassifier.Faults.Tests.Cases;

/// <summary>
/// The web app trains an 8-epoch <c>custom-lesson</c> run (1,200 sample articles, a second or two per epoch) and is
/// killed with SIGKILL during epoch 3, or stopped with SIGTERM (a deploy, <c>systemctl restart</c>) mid-run; the next
/// start must resume the run from its last complete epoch and finish it: Succeeded, every per-epoch metric once for
/// epochs 1-8, the run log naming the resume, no row lost or duplicated, and a clean data directory (<see cref="Aftermath"/>).
/// </summary>
public sealed class WebTrainingFaultCases
{
    private const int Epochs = 8;
    private const int Rows = 1200;

    [Fact]
    public async Task Kill_9_during_epoch_3_then_a_restart_resumes_the_run_and_it_succeeds()
    {
        await using var host = await FaultHost.CreateAsync();
        var datasetId = await host.ImportSampleAsync("faults-ag", Rows);
        var web = await host.StartWebAsync();
        var runId = await Runs.StartAsync(await FaultHost.SignInAsync(web), datasetId, "custom-lesson", Runs.Lesson(Epochs));

        await Runs.UntilTrainingAsync(host, runId, completed: 2, web.Process);
        web.Process.Kill();
        var completedAtKill = (int)await Runs.CompletedEpochsAsync(host, runId);
        var before = await RowCounts.ReadAsync(host);
        Assert.True(completedAtKill < Epochs, $"the run finished before the kill ({completedAtKill} epochs)");

        var restarted = await host.StartWebAsync();
        var (state, _, error) = await Runs.UntilFinishedAsync(host, runId, restarted.Process);

        Assert.True(state == "Succeeded", $"run {runId} ended {state}: {error}\n{restarted.Process.Tail()}");
        await Runs.AssertEpochsOnceAsync(host, runId, Epochs);
        var resume = await Runs.AssertResumedOnceAsync(host, runId);
        // One epoch of slack either way: the kill may land just after an epoch's checkpoint and before its metrics were read
        // here (From one more), or between an epoch's metrics, recorded first, and its checkpoint (From one less: that
        // epoch trains again and its metrics are replaced, which AssertEpochsOnceAsync checked).
        Assert.InRange(resume.From, Math.Max(1, completedAtKill - 1), completedAtKill + 1);
        Assert.Equal((resume.From + 1, Epochs), (resume.At, resume.Of));
        before.AssertEqual(await RowCounts.ReadAsync(host));
        await host.KillWhenIdleAsync(restarted.Process);
        await Aftermath.AssertCleanAsync(host, restarted.Process.Tail());
    }

    [Fact]
    public async Task Sigterm_during_training_puts_the_run_back_in_the_queue_and_the_next_start_resumes_it()
    {
        await using var host = await FaultHost.CreateAsync();
        var datasetId = await host.ImportSampleAsync("faults-ag", Rows);
        var web = await host.StartWebAsync();
        var runId = await Runs.StartAsync(await FaultHost.SignInAsync(web), datasetId, "custom-lesson", Runs.Lesson(Epochs));

        await Runs.UntilTrainingAsync(host, runId, completed: 2, web.Process);
        web.Process.Terminate();
        await web.Process.WaitForExitAsync(FaultHost.Bound);
        var (stopped, _, stopError) = await Runs.StateAsync(host, runId);
        var before = await RowCounts.ReadAsync(host);
        Assert.True(stopped == "Queued", $"after SIGTERM run {runId} is {stopped} ({stopError}), not Queued\n{web.Process.Tail()}");

        var restarted = await host.StartWebAsync();
        var (state, _, error) = await Runs.UntilFinishedAsync(host, runId, restarted.Process);

        Assert.True(state == "Succeeded", $"run {runId} ended {state}: {error}\n{restarted.Process.Tail()}");
        await Runs.AssertEpochsOnceAsync(host, runId, Epochs);
        var resume = await Runs.AssertResumedOnceAsync(host, runId);
        Assert.True(resume.From >= 2, $"resumed from epoch {resume.From}, but 2 epochs were complete before the stop");
        before.AssertEqual(await RowCounts.ReadAsync(host));
        await host.KillWhenIdleAsync(restarted.Process);
        await Aftermath.AssertCleanAsync(host, restarted.Process.Tail());
    }
}
