using NewsClassifier.Application.Runs;
using NewsClassifier.Jobs.Recovery;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Data;
using NewsClassifier.Application.Imports;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Application.Training;

namespace NewsClassifier.Web.Tests.Jobs;

/// <summary>Runs queued through the app train as real Hangfire jobs with TorchSharp, on a tiny model.</summary>
public class TrainingJobTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>, IAsyncLifetime
{
    /// <summary>Small enough to train in a second or two on CPU.</summary>
    public static readonly Dictionary<string, string> TinyModel = new()
    {
        ["epochs"] = "2", ["vocab_size"] = "2000", ["max_length"] = "32", ["embed_dim"] = "8", ["key_dim"] = "8",
        ["ff_dim"] = "8", ["dense_units"] = "8", ["batch_size"] = "32",
    };

    private int _datasetId;

    public async Task InitializeAsync() => _datasetId = await ImportSampleAsync(app, "train-sample", rows: 400);

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The first <paramref name="rows"/> articles of the AG News sample as a dataset (imported once per app).</summary>
    public static async Task<int> ImportSampleAsync(NewsAppFactory app, string name, int rows)
    {
        using (var lookup = app.Services.CreateScope())
        {
            var existing = await lookup.ServiceProvider.GetRequiredService<NewsClassifier.Application.Datasets.DatasetCatalog>().FindByNameAsync(name, CancellationToken.None);
            if (existing is not null) return existing.Id;
        }
        var source = Path.Combine(NewsAppFactory.RepositoryRoot, "..", "shared", "data", "ag_news", "ag_news_sample.csv");
        var path = Path.Combine(app.DataDirectory, $"{name}.csv");
        await File.WriteAllLinesAsync(path, File.ReadLines(source).Take(rows + 1));
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<DatasetImporter>()
            .ImportAsync(new ImportRequest(path, name, new ImportSpec(), path), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        return result.DatasetId!.Value;
    }

    [Fact]
    public async Task A_run_trains_in_the_background_and_stores_metrics_evaluation_and_model()
    {
        using var client = await app.ClientAsync();
        var response = await client.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, recipe = "custom", parameters = TinyModel });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var run = await WaitForRunAsync(id);

        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal("admin", run.StartedBy); // the signed-in user, not "web"
        Assert.Equal(2, run.Epoch);
        Assert.Equal(400, run.TrainArticles + run.ValidationArticles);
        Assert.InRange(run.ValidationArticles, 78, 82); // 20 %, stratified per class
        Assert.InRange(run.ValidationAccuracy!.Value, 0, 1);
        Assert.Equal("cpu", run.Device);
        Assert.Contains("TorchSharp 0.107.0", run.LibraryVersions);
        Assert.True(Directory.Exists(run.ArtifactPath), "the model folder exists");

        using var scope = app.Services.CreateScope();
        var details = await scope.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(id, CancellationToken.None);
        Assert.Equal(run.TotalSteps, details!.Metrics.Count(m => m.Name == RunMetricNames.StepLoss)); // one loss per step
        Assert.Equal(2 * (int)Math.Ceiling(run.TrainArticles / 32.0), run.TotalSteps);
        Assert.Equal(2, details.Metrics.Count(m => m.Name == RunMetricNames.ValidationAccuracy));
        Assert.Equal(4, details.Evaluation!.ConfusionMatrix.Length);
        Assert.Equal(run.ValidationArticles, details.Evaluation.ConfusionMatrix.Sum(row => row.Sum()));
        Assert.Contains(details.Summary!, layer => layer.Name == "transformer_block");
        Assert.NotEmpty(details.Log);

        // The trained model answers through the API.
        var classify = await client.PostAsJsonAsync("/api/classify", new { runId = id, title = "Stocks fall", text = "Shares slid on Wall Street." });
        Assert.Equal(HttpStatusCode.OK, classify.StatusCode);
        var answer = await classify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(answer.GetProperty("label").GetString(), new[] { "World", "Sports", "Business", "Sci/Tech" });
        var total = answer.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetSingle());
        Assert.Equal(1.0, total, 3);
    }

    [Fact]
    public async Task Invalid_hyper_parameters_are_refused_with_every_reason()
    {
        using var client = await app.ClientAsync();
        var response = await client.PostAsJsonAsync("/api/runs", new
        {
            datasetId = _datasetId, recipe = "custom",
            parameters = new Dictionary<string, string> { ["epochs"] = "0", ["dropout"] = "lots", ["no_such_key"] = "1" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("epochs", body);
        Assert.Contains("dropout", body);
        Assert.Contains("no_such_key", body);

        var unknownRecipe = await client.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, recipe = "gpt-5" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownRecipe.StatusCode);
        var unknownDataset = await client.PostAsJsonAsync("/api/runs", new { datasetId = 9999, recipe = "custom" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownDataset.StatusCode);
    }

    [Fact]
    public async Task A_running_run_can_be_cancelled()
    {
        using var scope = app.Services.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<RunLauncher>();
        var id = await queue.SubmitAsync(new TrainingRequest(_datasetId, "custom", new Dictionary<string, string>(TinyModel) { ["epochs"] = "500" }), CancellationToken.None);
        await WaitUntilAsync(id, r => r.State == RunState.Running && r.Step > 0);

        Assert.True(await queue.CancelAsync(id, CancellationToken.None));

        var run = await WaitForRunAsync(id);
        Assert.Equal(RunState.Cancelled, run.State);
        Assert.True(run.Step < run.TotalSteps);
    }

    [Fact]
    public async Task A_run_interrupted_by_a_restart_is_queued_again_and_finishes()
    {
        // What the database holds after the server died mid-training: a "running" run no job serves.
        int id;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync())
        {
            var run = new TrainingRun
            {
                DatasetId = _datasetId, DatasetName = "train-sample", Recipe = "custom", State = RunState.Running,
                ParametersJson = RunJson.Serialize(TinyModel), Epochs = 2, Step = 3, CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow,
            };
            db.TrainingRuns.Add(run);
            await db.SaveChangesAsync();
            id = run.Id;
        }

        var recovery = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<NewsClassifier.Jobs.Recovery.JobRecovery>().Single();
        await recovery.StartAsync(CancellationToken.None);

        var finished = await WaitForRunAsync(id);
        Assert.Equal(RunState.Succeeded, finished.State);
        using var scope = app.Services.CreateScope();
        var details = await scope.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(id, CancellationToken.None);
        Assert.Contains(details!.Log, l => l.Message.Contains("server stopped"));
    }

    private Task<TrainingRun> WaitForRunAsync(int id) => WaitUntilAsync(id, r => r.IsFinished);

    private async Task<TrainingRun> WaitUntilAsync(int id, Func<TrainingRun, bool> condition)
    {
        using var scope = app.Services.CreateScope();
        var runs = scope.ServiceProvider.GetRequiredService<RunQueries>();
        for (int i = 0; i < 1200; i++)
        {
            var run = await runs.GetRunAsync(id, CancellationToken.None);
            if (run is not null && condition(run)) return run;
            await Task.Delay(100);
        }
        throw new TimeoutException($"run {id} did not reach the expected state in 120 s");
    }
}
