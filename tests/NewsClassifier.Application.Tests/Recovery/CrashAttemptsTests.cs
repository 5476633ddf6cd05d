using Microsoft.Extensions.Options;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Tests.Pretrained;
using NewsClassifier.Application.Training;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Pretrained;
using NewsClassifier.Domain.Runs;
using static NewsClassifier.Application.Tests.Recovery.RestartScenario;

namespace NewsClassifier.Application.Tests.Recovery;

/// <summary>
/// Work that takes the process down (out of memory) must not take it down at every start. Runners count an attempt in
/// the row as the work starts; a crash is simulated as in <see cref="RecoveryTests"/> (the row put in its mid-run state
/// with the attempts a crashed start leaves, then a restart). At <c>Jobs:MaxCrashAttempts</c> (2) recovery fails the
/// row with the reason instead of starting it a third time; below it, the work runs again and counts that attempt.
/// </summary>
public sealed class CrashAttemptsTests
{
    private const string Reason = "The process stopped twice while this ran (a crash or running out of memory); it was not started again. " +
                                  "Check the parameters and the server log.";

    [Fact]
    public Task A_run_the_process_died_during_once_is_trained_again_and_counts_its_second_attempt() => AcrossARestartAsync(NoTrainingWorkers,
        async first =>
        {
            var id = await SubmitTinyRunAsync(first, "crashed-once", rows: 200);
            await UpdateAsync(first, db => db.TrainingRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, RunState.Running).SetProperty(r => r.Attempts, 1).SetProperty(r => r.StartedAt, DateTime.UtcNow)));
            return id;
        },
        async (second, id) =>
        {
            var run = await SampleData.WaitForRunAsync(second, id);
            Assert.True(run.State == RunState.Succeeded, $"run {id} ended {run.State}: {run.Error}");
            Assert.Equal(2, run.Attempts);
            Assert.True(Directory.Exists(run.ArtifactPath), "the recovered run wrote its model");
        });

    [Fact]
    public Task A_run_the_process_died_during_twice_is_failed_with_the_reason_and_not_trained() => AcrossARestartAsync(NoTrainingWorkers,
        async first =>
        {
            var id = await SubmitTinyRunAsync(first, "crashed-twice", rows: 200);
            await UpdateAsync(first, db => db.TrainingRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, RunState.Running).SetProperty(r => r.Attempts, 2).SetProperty(r => r.StartedAt, DateTime.UtcNow)));
            return (Id: id, JobId: await QueryAsync(first, db => db.TrainingRuns.Where(r => r.Id == id).Select(r => r.JobId).SingleAsync()));
        },
        async (second, before) =>
        {
            // Recovery runs before the host's start returns: the row is final at once.
            var run = await SampleData.WaitForRunAsync(second, before.Id, seconds: 5);
            Assert.Equal(RunState.Failed, run.State);
            Assert.Equal(Reason, run.Error);
            Assert.Equal(2, run.Attempts);
            Assert.NotNull(run.FinishedAt);
            Assert.Equal(before.JobId, run.JobId); // no job was queued
            // Give a wrongly queued job time to show itself: nothing trains.
            await Task.Delay(1_000);
            run = await SampleData.WaitForRunAsync(second, before.Id, seconds: 5);
            Assert.Equal((0, 0, null), (run.Epoch, run.Step, run.ArtifactPath));
            Assert.Equal(0, await QueryAsync(second, db => db.RunMetrics.CountAsync(m => m.RunId == before.Id)));
            Assert.False(Directory.Exists(second.Services.GetRequiredService<DataPaths>().RunDirectory(before.Id)), "no model folder");
            using var scope = second.Services.CreateScope();
            var details = await scope.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(before.Id, CancellationToken.None);
            Assert.Single(details!.Log, l => l.Message == Reason);
            Assert.DoesNotContain(details.Log, l => l.Message.Contains("queued again", StringComparison.Ordinal));
        });

    /// <summary>Two graceful stops mid-run (deploys) are not crashes: the run still trains, and only the attempt that
    /// finished is counted.</summary>
    [Fact]
    public async Task A_run_stopped_gracefully_twice_mid_run_still_trains_and_counts_one_attempt()
    {
        var first = await NewsHost.StartAsync();
        NewsHost? second = null, third = null;
        try
        {
            var datasetId = await SampleData.ImportSampleAsync(first, "stopped-twice", rows: 400);
            int id;
            using (var scope = first.Services.CreateScope())
                id = await scope.ServiceProvider.GetRequiredService<RunLauncher>().SubmitAsync(
                    // Long enough that each stop lands mid-run (see RecoveryTests' graceful-stop case).
                    new TrainingRequest(datasetId, "custom", new Dictionary<string, string>(SampleData.TinyModel) { ["epochs"] = "40", ["early_stopping_patience"] = "0" }), CancellationToken.None);
            await SampleData.WaitForRunAsync(first, id, r => r.State == RunState.Running && r.Step > 0);
            second = await first.RestartAsync();
            var requeued = await QueryAsync(second, db => db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == id));
            // 0 after the stop gave its attempt back, or 1 when the new host has already started the run again; without the
            // take-back it would be 2 here (the first start's attempt kept, plus the new start's).
            Assert.True(requeued.Attempts <= 1, $"a graceful stop left {requeued.Attempts} attempt(s) counted");
            await SampleData.WaitForRunAsync(second, id, r => r.State == RunState.Running && r.Step > 0);
            third = await second.RestartAsync();

            var finished = await SampleData.WaitForRunAsync(third, id);
            Assert.True(finished.State == RunState.Succeeded, $"run {id} ended {finished.State}: {finished.StopReason} {finished.Error}");
            Assert.Equal(40, finished.Epoch);
            Assert.Equal(1, finished.Attempts);
        }
        finally
        {
            if (third is not null) await third.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    [Fact]
    public Task A_dataset_import_the_process_died_during_twice_is_failed_and_one_it_died_during_once_imports() => AcrossARestartAsync(NoDefaultWorkers,
        async first =>
        {
            var path = Path.Combine(first.DataDirectory, "crashing.csv");
            await File.WriteAllLinesAsync(path, File.ReadLines(SampleData.SamplePath).Take(51));
            var ids = new List<int>();
            using (var scope = first.Services.CreateScope())
                foreach (var name in new[] { "crashed-once-import", "crashed-twice-import" })
                    ids.Add(await scope.ServiceProvider.GetRequiredService<ImportLauncher>().SubmitAsync(
                        new ImportSubmission(name, ImportSourceKind.ServerPath, path, new ImportSpec()), CancellationToken.None));
            for (var k = 0; k < ids.Count; k++)
            {
                var (id, attempts) = (ids[k], k + 1);
                await UpdateAsync(first, db => db.DatasetImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.State, ImportState.Running).SetProperty(i => i.Attempts, attempts)));
            }
            return (Once: ids[0], Twice: ids[1]);
        },
        async (second, ids) =>
        {
            var twice = await QueryAsync(second, db => db.DatasetImports.AsNoTracking().SingleAsync(i => i.Id == ids.Twice));
            Assert.Equal((ImportState.Failed, Reason, 2, (int?)null), (twice.State, twice.Message, twice.Attempts, twice.DatasetId));
            Assert.NotNull(twice.FinishedAt);

            var once = await WaitForImportAsync(second, ids.Once);
            Assert.True(once.State == ImportState.Succeeded, $"import {ids.Once} ended {once.State}: {once.Message}");
            Assert.Equal(2, once.Attempts);
            Assert.Equal(["crashed-once-import"], await QueryAsync(second, db => db.Datasets.Select(d => d.Name).ToListAsync()));
        });

    [Fact]
    public Task A_higher_MaxCrashAttempts_starts_an_import_the_process_died_during_twice_again() => AcrossARestartAsync(NoDefaultWorkers,
        async first =>
        {
            var path = Path.Combine(first.DataDirectory, "patient.csv");
            await File.WriteAllLinesAsync(path, File.ReadLines(SampleData.SamplePath).Take(21));
            int id;
            using (var scope = first.Services.CreateScope())
                id = await scope.ServiceProvider.GetRequiredService<ImportLauncher>().SubmitAsync(
                    new ImportSubmission("patient-import", ImportSourceKind.ServerPath, path, new ImportSpec()), CancellationToken.None);
            await UpdateAsync(first, db => db.DatasetImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, ImportState.Running).SetProperty(i => i.Attempts, 2)));
            return id;
        },
        async (second, id) =>
        {
            var import = await WaitForImportAsync(second, id);
            Assert.True(import.State == ImportState.Succeeded, $"import {id} ended {import.State}: {import.Message}");
            Assert.Equal(3, import.Attempts);
        },
        secondSettings: new Dictionary<string, string?> { ["Jobs:MaxCrashAttempts"] = "3" });

    [Fact]
    public Task A_pretrained_import_the_process_died_during_twice_is_failed_and_a_retry_counts_afresh() => AcrossARestartAsync(NoDefaultWorkers,
        async first =>
        {
            var folder = TinyCheckpoint.Write(Path.Combine(first.DataDirectory, "crashing-bert"));
            int id;
            using (var scope = first.Services.CreateScope())
                id = await scope.ServiceProvider.GetRequiredService<PretrainedLauncher>().SubmitAsync(
                    new PretrainedRequest { Path = folder, Name = "crashing-bert", CreatedBy = "test" }, restrictServerPaths: false, CancellationToken.None);
            await UpdateAsync(first, db => db.PretrainedCheckpoints.Where(p => p.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.State, PretrainedState.Validating).SetProperty(p => p.Attempts, 2)));
            return id;
        },
        async (second, id) =>
        {
            var failed = (await PretrainedTestApp.GetAsync(second, id))!;
            Assert.Equal((PretrainedState.Failed, Reason, 2), (failed.State, failed.Error, failed.Attempts));
            Assert.Null(failed.ParameterCount);
            Assert.False(Directory.Exists(PretrainedTestApp.FolderOf(second, failed)), "nothing was copied");

            // A person who retries it (after fixing what made it crash) gets a fresh count.
            using (var scope = second.Services.CreateScope())
                await scope.ServiceProvider.GetRequiredService<PretrainedLauncher>().RetryAsync(id, CancellationToken.None);
            var ready = await PretrainedTestApp.WaitAsync(second, id);
            Assert.True(ready.State == PretrainedState.Ready, $"checkpoint {id} ended {ready.State}: {ready.Error}");
            Assert.Equal(1, ready.Attempts);
        });

    /// <summary>A hub download the host stops gracefully stays unfinished without consuming an attempt, and resumes.</summary>
    [Fact]
    public async Task A_pretrained_download_stopped_gracefully_is_not_counted_and_resumes_at_the_next_start()
    {
        await using var hub = await LocalHub.StartAsync();
        var first = await NewsHost.StartAsync();
        NewsHost? second = null, third = null;
        try
        {
            var files = TinyCheckpoint.Files(TinyCheckpoint.Write(Path.Combine(first.DataDirectory, "slow-source")));
            hub.AddModel("google/tiny-stopped", files);
            hub.Slow["model.safetensors"] = true; // 1 KB every 100 ms: the stop lands mid-download
            int id;
            using (var scope = first.Services.CreateScope())
                id = await scope.ServiceProvider.GetRequiredService<PretrainedLauncher>().SubmitAsync(
                    new PretrainedRequest { HubId = "google/tiny-stopped", HubUrl = hub.BaseUrl, CreatedBy = "test" }, restrictServerPaths: false, CancellationToken.None);
            for (var i = 0; i < 200 && (await PretrainedTestApp.GetAsync(first, id))!.BytesDone == 0; i++) await Task.Delay(50);
            var downloading = (await PretrainedTestApp.GetAsync(first, id))!;
            Assert.Equal((PretrainedState.Downloading, 1), (downloading.State, downloading.Attempts));

            // The graceful stop took its attempt back; recovery on a host without workers only queues it.
            second = await first.RestartAsync(NoDefaultWorkers);
            var requeued = (await PretrainedTestApp.GetAsync(second, id))!;
            Assert.Equal((PretrainedState.Queued, 0), (requeued.State, requeued.Attempts));

            hub.Slow.Clear();
            third = await second.RestartAsync();
            var ready = await PretrainedTestApp.WaitAsync(third, id);
            Assert.True(ready.State == PretrainedState.Ready, $"checkpoint {id} ended {ready.State}: {ready.Error}");
            Assert.Equal(1, ready.Attempts);
        }
        finally
        {
            if (third is not null) await third.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task MaxCrashAttempts_below_one_is_refused_at_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            NewsHost.StartAsync(new Dictionary<string, string?> { ["Jobs:MaxCrashAttempts"] = "0", ["Jobs:TrainingWorkers"] = "0", ["Jobs:DefaultWorkers"] = "0" }));
        Assert.Contains("MaxCrashAttempts", error.Message);
        Assert.Contains("between 1 and 100", error.Message);
    }

    private static async Task<DatasetImport> WaitForImportAsync(NewsHost app, int id)
    {
        for (var i = 0; i < 600; i++)
        {
            var import = await QueryAsync(app, db => db.DatasetImports.AsNoTracking().SingleAsync(r => r.Id == id));
            if (import.State is ImportState.Succeeded or ImportState.Failed or ImportState.Cancelled) return import;
            await Task.Delay(100);
        }
        throw new TimeoutException($"import {id} did not finish in 60 s");
    }
}
