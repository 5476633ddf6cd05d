using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Runs;
using static NewsClassifier.Application.Tests.Leases.LeaseTestSupport;
using static NewsClassifier.Application.Tests.Recovery.RestartScenario;

namespace NewsClassifier.Application.Tests.Leases;

/// <summary>When the job's own context cannot save the end of its work, the end is written through a fresh context: a
/// run or an import never stays "running" until a restart. The jobs here are called directly with a context factory
/// whose contexts fail the final save; every other service uses the real one.</summary>
public sealed class FinalStateTests
{
    private static readonly Dictionary<string, string?> NoWorkers = new() { ["Jobs:TrainingWorkers"] = "0", ["Jobs:DefaultWorkers"] = "0" };

    [Fact]
    public async Task A_run_whose_final_save_fails_is_recorded_succeeded_through_a_fresh_context()
    {
        var app = await NewsHost.StartAsync(NoWorkers);
        try
        {
            var id = await SubmitTinyRunAsync(app, "final-run", rows: 200);
            var failing = new FailingFinalSave(app.Services.GetRequiredService<DbContextOptions<NewsDbContext>>(),
                db => db.ChangeTracker.Entries<TrainingRun>().Any(e => e.State == EntityState.Modified && e.Entity.State == RunState.Succeeded));
            using (var scope = app.Services.CreateScope())
                await ActivatorUtilities.CreateInstance<RunTrainer>(scope.ServiceProvider, failing).TrainAsync(id, CancellationToken.None);

            Assert.True(failing.Failures > 0, "the job's own final save failed");
            var run = await QueryAsync(app, db => db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == id));
            Assert.Equal(RunState.Succeeded, run.State);
            Assert.NotNull(run.FinishedAt);
            Assert.NotNull(run.ArtifactPath);
            using var check = app.Services.CreateScope();
            var details = await check.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(id, CancellationToken.None);
            Assert.Contains(details!.Log, l => l.Message.StartsWith("The run's last write failed", StringComparison.Ordinal));
            Assert.Null(await ReleasedAsync(app, WorkKinds.Training, id));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_import_whose_final_save_fails_is_recorded_succeeded_through_a_fresh_context()
    {
        var app = await NewsHost.StartAsync(NoWorkers);
        try
        {
            var path = Path.Combine(app.DataDirectory, "final-import.csv");
            await File.WriteAllLinesAsync(path, File.ReadLines(SampleData.SamplePath).Take(51));
            int id;
            using (var scope = app.Services.CreateScope())
                id = await scope.ServiceProvider.GetRequiredService<ImportLauncher>().SubmitAsync(
                    new ImportSubmission("final-import", ImportSourceKind.ServerPath, path, new ImportSpec()), CancellationToken.None);
            var failing = new FailingFinalSave(app.Services.GetRequiredService<DbContextOptions<NewsDbContext>>(),
                db => db.ChangeTracker.Entries<DatasetImport>().Any(e => e.State == EntityState.Modified && e.Entity.State == ImportState.Succeeded));
            await ActivatorUtilities.CreateInstance<ImportRunner>(app.Services, failing).RunAsync(id, CancellationToken.None);

            Assert.True(failing.Failures > 0, "the job's own final save failed");
            var import = await QueryAsync(app, db => db.DatasetImports.AsNoTracking().SingleAsync(i => i.Id == id));
            Assert.Equal(ImportState.Succeeded, import.State);
            Assert.NotNull(import.DatasetId);
            Assert.NotNull(import.FinishedAt);
            Assert.Equal(50, import.RowsRead);
            Assert.Null(await ReleasedAsync(app, WorkKinds.Import, id));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
