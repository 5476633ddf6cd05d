using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Tests.Pretrained;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Pretrained;
using NewsClassifier.Domain.Runs;

using static NewsClassifier.Application.Tests.Recovery.RestartScenario;

namespace NewsClassifier.Application.Tests.Recovery;

/// <summary>
/// Work a server restart interrupted is queued again by the next host on the same data directory. The first host runs
/// without workers for the kind under test (its work is queued but never taken, as if the process died first), the
/// row is put in its mid-run state, the host is stopped and disposed, and a new host (appsettings.json's workers) must
/// find the row and finish it. Hangfire's storage is in memory, so only the database carries the work across.
/// </summary>
public sealed class RecoveryTests
{
    [Fact]
    public Task A_run_interrupted_by_a_restart_is_queued_again_by_the_next_host_and_finishes() => AcrossARestartAsync(NoTrainingWorkers,
        async first =>
        {
            var id = await SubmitTinyRunAsync(first, "restart-sample", rows: 400);
            // What the database holds after the server died mid-training: a "running" run no job serves.
            await UpdateAsync(first, db => db.TrainingRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, RunState.Running).SetProperty(r => r.Step, 3).SetProperty(r => r.StartedAt, DateTime.UtcNow)));
            return id;
        },
        async (second, id) =>
        {
            var finished = await SampleData.WaitForRunAsync(second, id);
            Assert.True(finished.State == RunState.Succeeded, finished.Error);
            Assert.Equal(2, finished.Epoch);
            Assert.True(Directory.Exists(finished.ArtifactPath), "the recovered run wrote its model");
            using var check = second.Services.CreateScope();
            var details = await check.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(id, CancellationToken.None);
            Assert.Single(details!.Log, l => l.Message == "The server stopped during this run; it was queued again and trains from the start.");
        });

    [Fact]
    public Task A_run_whose_cancel_was_asked_before_the_restart_is_closed_as_cancelled_not_trained() => AcrossARestartAsync(NoTrainingWorkers,
        async first =>
        {
            var id = await SubmitTinyRunAsync(first, "restart-cancel-sample", rows: 100);
            await UpdateAsync(first, db => db.TrainingRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.State, RunState.Running).SetProperty(r => r.CancelRequested, true)));
            return id;
        },
        async (second, id) =>
        {
            var run = await SampleData.WaitForRunAsync(second, id, seconds: 30);
            Assert.Equal(RunState.Cancelled, run.State);
            Assert.NotNull(run.FinishedAt);
            Assert.Null(run.ArtifactPath);
        });

    [Fact]
    public Task A_dataset_import_interrupted_by_a_restart_is_queued_again_and_imports_everything() => AcrossARestartAsync(NoDefaultWorkers,
        async first =>
        {
            var path = Path.Combine(first.DataDirectory, "interrupted.csv");
            await File.WriteAllLinesAsync(path, File.ReadLines(SampleData.SamplePath).Take(151));
            int id;
            using (var scope = first.Services.CreateScope())
                id = await scope.ServiceProvider.GetRequiredService<ImportLauncher>().SubmitAsync(
                    new ImportSubmission("interrupted-import", ImportSourceKind.ServerPath, path, new ImportSpec()), CancellationToken.None);
            await UpdateAsync(first, db => db.DatasetImports.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.State, ImportState.Running)));
            return id;
        },
        async (second, id) =>
        {
            using var check = second.Services.CreateScope();
            var history = check.ServiceProvider.GetRequiredService<ImportHistory>();
            ImportView? import = null;
            for (var i = 0; i < 600 && import is not { IsFinished: true }; i++)
            {
                await Task.Delay(100);
                import = await history.GetAsync(id, CancellationToken.None);
            }
            Assert.True(import is { State: ImportState.Succeeded }, $"import {id} ended {import?.State}: {import?.Message}");
            var dataset = await check.ServiceProvider.GetRequiredService<DatasetCatalog>().GetAsync(import!.DatasetId!.Value, CancellationToken.None);
            Assert.Equal(150, dataset!.ArticleCount);
            Assert.Equal("interrupted-import", dataset.Name);
        });

    [Fact]
    public Task A_pretrained_import_interrupted_by_a_restart_is_queued_again_and_becomes_ready() => AcrossARestartAsync(NoDefaultWorkers,
        async first =>
        {
            var folder = TinyCheckpoint.Write(Path.Combine(first.DataDirectory, "interrupted-bert"));
            int id;
            using (var scope = first.Services.CreateScope())
                id = await scope.ServiceProvider.GetRequiredService<PretrainedLauncher>().SubmitAsync(
                    new PretrainedRequest { Path = folder, Name = "interrupted-bert", CreatedBy = "test" }, restrictServerPaths: false, CancellationToken.None);
            await UpdateAsync(first, db => db.PretrainedCheckpoints.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.State, PretrainedState.Validating)));
            return id;
        },
        async (second, id) =>
        {
            var row = await PretrainedTestApp.WaitAsync(second, id);
            Assert.True(row.State == PretrainedState.Ready, $"checkpoint {id} ended {row.State}: {row.Error}");
            Assert.Equal(TinyCheckpoint.Config.BodyParameterCount(), row.ParameterCount);
            Assert.True(File.Exists(Path.Combine(PretrainedTestApp.FolderOf(second, row), "model.safetensors")));
        });

    /// <summary>A graceful stop (deploy, restart) while a job trains, not a crash.</summary>
    [Fact]
    public Task A_run_training_when_the_host_stops_is_trained_again_by_the_next_host() => AcrossARestartAsync(new Dictionary<string, string?>(),
        async first =>
        {
            var datasetId = await SampleData.ImportSampleAsync(first, "stopped-mid-run", rows: 400);
            int id;
            using (var scope = first.Services.CreateScope())
                id = await scope.ServiceProvider.GetRequiredService<RunLauncher>().SubmitAsync(
                    // Long enough (40 epochs, no early stop) that the stop always lands mid-run: 8 epochs sometimes finished
                    // between two polls on a quiet machine, and the test then waited for a Running state that had passed.
                    new TrainingRequest(datasetId, "custom", new Dictionary<string, string>(SampleData.TinyModel) { ["epochs"] = "40", ["early_stopping_patience"] = "0" }), CancellationToken.None);
            await SampleData.WaitForRunAsync(first, id, r => r.State == RunState.Running && r.Step > 0);
            return id; // the restart stops the host while the job trains
        },
        async (second, id) =>
        {
            var finished = await SampleData.WaitForRunAsync(second, id);
            Assert.True(finished.State == RunState.Succeeded, $"run {id} ended {finished.State}: {finished.StopReason} {finished.Error}");
            Assert.Equal(40, finished.Epoch);
        });
}
