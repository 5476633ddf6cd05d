using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Application.Tests.Pretrained;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Pretrained;
using static NewsClassifier.Application.Tests.Recovery.RestartScenario;

namespace NewsClassifier.Application.Tests.Leases;

/// <summary>A host stop (a deploy, <c>systemctl restart</c>) is not a cancel: work under way goes back to Queued with its
/// attempt given back and continues at the next start; a user's cancel still ends it. Downloads are slowed by
/// <see cref="LocalHub"/> (1 KB per 100 ms) so the stop lands mid-download.</summary>
public sealed class GracefulStopTests : IAsyncLifetime
{
    private LocalHub _hub = null!;

    public async Task InitializeAsync() => _hub = await LocalHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private string SlowCsv(string name, int rows)
    {
        var text = string.Join('\n', File.ReadLines(SampleData.SamplePath).Take(rows + 1)) + "\n";
        _hub.Files[$"data/{name}/{name}.csv"] = System.Text.Encoding.UTF8.GetBytes(text);
        _hub.Slow[$"{name}.csv"] = true;
        return new Uri(_hub.BaseUrl, $"data/{name}/resolve/main/{name}.csv").ToString();
    }

    private static async Task<int> SubmitUrlImportAsync(ITestApp app, string name, string url)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ImportLauncher>()
            .SubmitAsync(new ImportSubmission(name, ImportSourceKind.Url, url, new ImportSpec()), CancellationToken.None);
    }

    private static Task<DatasetImport> ImportAsync(ITestApp app, int id) =>
        QueryAsync(app, db => db.DatasetImports.AsNoTracking().SingleAsync(i => i.Id == id));

    private static async Task<DatasetImport> WaitForImportAsync(ITestApp app, int id, Func<DatasetImport, bool> condition, int seconds = 60)
    {
        for (int i = 0; i < seconds * 10; i++)
        {
            var import = await ImportAsync(app, id);
            if (condition(import)) return import;
            await Task.Delay(100);
        }
        var last = await ImportAsync(app, id);
        throw new TimeoutException($"import {id} is {last.State} ({last.Message}) after {seconds} s");
    }

    [Fact]
    public async Task An_import_downloading_when_the_host_stops_goes_back_to_the_queue_and_completes_at_the_next_start()
    {
        var url = SlowCsv("stopped", rows: 400); // about 100 KB: over ten seconds at the slowed rate
        var first = await NewsHost.StartAsync();
        NewsHost? second = null, third = null;
        try
        {
            var id = await SubmitUrlImportAsync(first, "stopped-import", url);
            await WaitForImportAsync(first, id, i => i.State == ImportState.Running);
            await Task.Delay(500);

            second = await first.RestartAsync(NoDefaultWorkers); // a graceful stop; the next host queues it but runs nothing
            var queued = await ImportAsync(second, id);
            Assert.Equal(ImportState.Queued, queued.State);
            Assert.Equal(0, queued.Attempts); // not counted as a crash
            Assert.Equal("The server stopped during this import; it continues at the next start.", queued.Message);
            Assert.Null(queued.FinishedAt);

            _hub.Slow.Clear();
            third = await second.RestartAsync();
            var done = await WaitForImportAsync(third, id, i => i.State is not (ImportState.Queued or ImportState.Running));
            Assert.True(done.State == ImportState.Succeeded, $"{done.State}: {done.Message}");
            Assert.Equal(400, done.RowsRead);
            Assert.Equal(1, done.Attempts);
        }
        finally
        {
            if (third is not null) await third.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_import_a_user_cancels_while_it_downloads_ends_cancelled()
    {
        var url = SlowCsv("cancelled", rows: 400);
        var app = await NewsHost.StartAsync();
        try
        {
            var id = await SubmitUrlImportAsync(app, "cancelled-import", url);
            await WaitForImportAsync(app, id, i => i.State == ImportState.Running);
            using (var scope = app.Services.CreateScope())
                Assert.True(await scope.ServiceProvider.GetRequiredService<ImportLauncher>().CancelAsync(id, CancellationToken.None));

            var ended = await WaitForImportAsync(app, id, i => i.State is not (ImportState.Queued or ImportState.Running));
            Assert.Equal(ImportState.Cancelled, ended.State);
            Assert.Equal("Cancelled; nothing was saved.", ended.Message);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_pretrained_download_under_way_when_the_host_stops_goes_back_to_the_queue_and_resumes_at_the_next_start()
    {
        var source = TinyCheckpoint.Write(Path.Combine(Path.GetTempPath(), "nc-lease-bert-" + Guid.NewGuid().ToString("N")));
        _hub.AddModel("google/tiny-stopped", TinyCheckpoint.Files(source));
        _hub.Slow["model.safetensors"] = true;
        var first = await NewsHost.StartAsync();
        NewsHost? second = null, third = null;
        try
        {
            int id;
            using (var scope = first.Services.CreateScope())
                id = await scope.ServiceProvider.GetRequiredService<PretrainedLauncher>().SubmitAsync(
                    new PretrainedRequest { HubId = "google/tiny-stopped", HubUrl = _hub.BaseUrl, CreatedBy = "test" }, restrictServerPaths: false, CancellationToken.None);
            for (var i = 0; i < 300 && (await PretrainedTestApp.GetAsync(first, id))!.BytesDone == 0; i++) await Task.Delay(50);
            Assert.Equal(PretrainedState.Downloading, (await PretrainedTestApp.GetAsync(first, id))!.State);

            second = await first.RestartAsync(NoDefaultWorkers);
            var queued = await QueryAsync(second, db => db.PretrainedCheckpoints.AsNoTracking().SingleAsync(p => p.Id == id));
            Assert.Equal(PretrainedState.Queued, queued.State);
            Assert.Equal(0, queued.Attempts);
            Assert.Null(queued.FinishedAt);

            _hub.Slow.Clear();
            third = await second.RestartAsync();
            var ready = await PretrainedTestApp.WaitAsync(third, id);
            Assert.True(ready.State == PretrainedState.Ready, $"{ready.State}: {ready.Error}");
            // The weights were resumed with a range request, not fetched again from the start.
            Assert.Contains(_hub.RequestsFor("model.safetensors"), r => r.Range is not null);
        }
        finally
        {
            if (third is not null) await third.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
            await first.DisposeAsync();
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public Task A_scoring_left_queued_by_a_stop_is_started_again_at_the_next_start_not_failed() => AcrossARestartAsync(NoDefaultWorkers,
        async first =>
        {
            var datasetId = await SampleData.ImportSampleAsync(first, "scoring-queued", rows: 40);
            // What a graceful stop leaves: DatasetScorer puts a stopped scoring back to Queued, and JobStop puts its job
            // back in the queue. In memory that queue dies with the host (recovery queues the row again); on PostgreSQL
            // it is still there at the next start (recovery leaves the row to it).
            await UpdateAsync(first, async db =>
            {
                db.LabelingSettings.Add(new LabelingSettings
                {
                    DatasetId = datasetId, ScoringState = ScoringState.Queued,
                    ScoringMessage = "The server stopped during scoring; it continues at the next start.",
                });
                await db.SaveChangesAsync();
            });
            first.Services.GetRequiredService<IBackgroundWork>().ScoreDataset(datasetId);
            return datasetId;
        },
        async (second, datasetId) =>
        {
            LabelingSettings? settings = null;
            for (int i = 0; i < 300 && settings is not { ScoringState: ScoringState.Failed or ScoringState.Succeeded }; i++)
            {
                await Task.Delay(100);
                settings = await QueryAsync(second, db => db.LabelingSettings.AsNoTracking().SingleAsync(s => s.DatasetId == datasetId));
            }
            // It ran: with no production model the scorer itself refuses, which recovery's "interrupted" message is not.
            Assert.Equal(ScoringState.Failed, settings!.ScoringState);
            Assert.Equal("No model is in production: promote one in Models first.", settings.ScoringMessage);
        });
}
