using System.Text.RegularExpressions;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Runs;
using Xunit.Abstractions;
using static NewsClassifier.Application.Tests.Recovery.RestartScenario;

namespace NewsClassifier.Application.Tests.Recovery;

/// <summary>
/// A host stopped gracefully (a deploy) while a run trains: the run goes back to the queue with its checkpoint, and
/// the next host resumes it after its last complete epoch instead of training it from epoch 1.
/// </summary>
public sealed class ResumeAfterStopTests(ITestOutputHelper output)
{
    // Long enough that the stop lands mid-run: at 30 epochs (about 5 s for this tiny model) the first host once
    // finished the whole run in the 1-2 s its stop took to reach the job, and the test saw no resume at all.
    private const int Epochs = 80;

    [Fact]
    public Task A_run_stopped_with_the_host_resumes_at_the_next_start_with_each_epoch_once() => AcrossARestartAsync(new Dictionary<string, string?>(),
        async first =>
        {
            var datasetId = await SampleData.ImportSampleAsync(first, "resumed-after-stop", rows: 400);
            int id;
            using (var scope = first.Services.CreateScope())
                id = await scope.ServiceProvider.GetRequiredService<RunLauncher>().SubmitAsync(
                    new TrainingRequest(datasetId, "custom", new Dictionary<string, string>(SampleData.TinyModel)
                    {
                        ["epochs"] = Epochs.ToString(), ["early_stopping_patience"] = "0",
                    }), CancellationToken.None);
            // In epoch 4 or later: epochs 1-3 at least are checkpointed. The restart then stops the host mid-epoch.
            await SampleData.WaitForRunAsync(first, id, r => r.State == RunState.Running && r.Epoch >= 4, seconds: 180);
            return id;
        },
        async (second, id) =>
        {
            var finished = await SampleData.WaitForRunAsync(second, id, seconds: 300);
            Assert.True(finished.State == RunState.Succeeded, $"run {id} ended {finished.State}: {finished.StopReason} {finished.Error}");
            Assert.Equal(Epochs, finished.Epoch);

            var log = await QueryAsync(second, db => db.RunLogEntries.Where(l => l.RunId == id).OrderBy(l => l.Id).Select(l => l.Message).ToListAsync());
            foreach (var line in log) output.WriteLine(line); // the whole log when an assertion below fails
            Assert.True(log.Contains("The server stopped during this run; it goes back to the queue and continues at the next start."),
                "the first host's stop did not land mid-run (its log has no graceful-stop line)");
            var resumed = log.Select(l => Regex.Match(l, @"^Resumed at epoch (\d+) of (\d+) from the checkpoint of epoch (\d+)\.$")).Single(m => m.Success);
            int checkpointEpoch = int.Parse(resumed.Groups[3].Value);
            Assert.InRange(checkpointEpoch, 3, Epochs - 1);
            Assert.Equal(checkpointEpoch + 1, int.Parse(resumed.Groups[1].Value));
            Assert.Equal(Epochs.ToString(), resumed.Groups[2].Value);
            // Epoch lines: those of the first attempt up to its checkpoint plus the second's, each epoch once (a stop
            // mid-epoch never logs a half epoch).
            var epochLines = log.Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':')]).ToList();
            Assert.Equal(Enumerable.Range(1, Epochs).Select(e => $"epoch {e}/{Epochs}"), epochLines);

            var metrics = await QueryAsync(second, db => db.RunMetrics.Where(m => m.RunId == id).ToListAsync());
            foreach (var name in (string[])[RunMetricNames.TrainLoss, RunMetricNames.TrainAccuracy, RunMetricNames.ValidationLoss,
                         RunMetricNames.ValidationAccuracy, RunMetricNames.ValidationMacroF1])
                Assert.Equal(Enumerable.Range(1, Epochs), metrics.Where(m => m.Name == name).Select(m => m.Step).Order());
            Assert.Equal(Enumerable.Range(1, finished.TotalSteps), metrics.Where(m => m.Name == RunMetricNames.StepLoss).Select(m => m.Step).Order());
            Assert.True(finished.Attempts <= 1, $"the graceful stop left {finished.Attempts} attempts counted");
            Assert.False(Directory.Exists(Path.Combine(finished.ArtifactPath!, "..", "resume")), "a succeeded run keeps no resume state");

            // What the resume saved: the checkpointed epochs, at the second attempt's pace per epoch.
            var secondAttempt = (finished.FinishedAt!.Value - finished.StartedAt!.Value).TotalSeconds;
            double perEpoch = secondAttempt / (Epochs - checkpointEpoch);
            output.WriteLine($"Resumed at epoch {checkpointEpoch + 1} of {Epochs}: the second attempt trained {Epochs - checkpointEpoch} epochs in {secondAttempt:F1} s " +
                             $"({perEpoch:F2} s/epoch); training from the start would have taken about {perEpoch * Epochs:F1} s, {perEpoch * checkpointEpoch:F1} s saved.");
        });
}
