using NewsClassifier.Application.Runs;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Data;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Training;

namespace NewsClassifier.Web.Tests.Jobs;

/// <summary>The tfidf-baseline recipe through the real app: queued, trained by the same job, tracked and classifying like the transformer.</summary>
public class BaselineRunTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>, IAsyncLifetime
{
    private int _datasetId;

    public async Task InitializeAsync() => _datasetId = await TrainingJobTests.ImportSampleAsync(app, "baseline-sample", rows: 400);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_baseline_run_trains_as_a_job_and_classifies_through_the_api()
    {
        using var client = await app.ClientAsync();
        var response = await client.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, recipe = "tfidf-baseline" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var run = await WaitForRunAsync(id);

        Assert.True(run.State == RunState.Succeeded, run.Error);
        Assert.Equal(1, run.Epoch);
        Assert.Equal(1, run.BestEpoch);
        Assert.Equal(400, run.TrainArticles + run.ValidationArticles);
        Assert.True(run.ValidationAccuracy > 0.5, $"validation accuracy {run.ValidationAccuracy}");
        Assert.Contains("ML.NET 5.0.1", run.LibraryVersions);
        Assert.True(File.Exists(Path.Combine(run.ArtifactPath!, "model.zip")), "the model folder holds the ML.NET model");

        using var scope = app.Services.CreateScope();
        var details = await scope.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(id, CancellationToken.None);
        Assert.Equal("2", details!.Parameters["word_ngrams"]);
        Assert.Equal(["tfidf", "linear"], details.Summary!.Select(l => l.Name));
        Assert.Equal(run.TotalParameters, details.Summary!.Sum(l => l.Parameters));
        Assert.Single(details.Metrics, m => m.Name == RunMetricNames.ValidationAccuracy);
        Assert.Equal(run.ValidationArticles, details.Evaluation!.ConfusionMatrix.Sum(row => row.Sum()));
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync())
            Assert.Equal(run.ValidationArticles, await db.RunPredictions.CountAsync(p => p.RunId == id));

        var classify = await client.PostAsJsonAsync("/api/classify", new { runId = id, title = "Stocks fall", text = "Shares slid on Wall Street as profits at banks fell." });
        Assert.Equal(HttpStatusCode.OK, classify.StatusCode);
        var answer = await classify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(answer.GetProperty("label").GetString(), new[] { "World", "Sports", "Business", "Sci/Tech" });
        Assert.Equal(1.0, answer.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetSingle()), 3);

        // The Classify page's path: a prediction with no attention to show.
        var explained = await scope.ServiceProvider.GetRequiredService<ClassificationService>()
            .ExplainAsync(null, id, "Cup final", "The coach praised the team after the match.", CancellationToken.None);
        Assert.Null(explained.Attention);
        Assert.Equal(4, explained.Prediction.Probabilities.Length);
    }

    [Fact]
    public async Task Bad_baseline_parameters_are_refused_with_every_reason()
    {
        using var client = await app.ClientAsync();
        var response = await client.PostAsJsonAsync("/api/runs", new
        {
            datasetId = _datasetId, recipe = "tfidf-baseline",
            parameters = new Dictionary<string, string> { ["word_ngrams"] = "7", ["epochs"] = "3" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("word_ngrams", body);
        Assert.Contains("Unknown parameter 'epochs'", body);
    }

    private async Task<TrainingRun> WaitForRunAsync(int id)
    {
        using var scope = app.Services.CreateScope();
        var runs = scope.ServiceProvider.GetRequiredService<RunQueries>();
        for (int i = 0; i < 1200; i++)
        {
            var run = await runs.GetRunAsync(id, CancellationToken.None);
            if (run is not null && run.IsFinished) return run;
            await Task.Delay(100);
        }
        throw new TimeoutException($"run {id} did not finish in 120 s");
    }
}
