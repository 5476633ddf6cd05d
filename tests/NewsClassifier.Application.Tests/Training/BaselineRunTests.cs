using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Tests.Training;

/// <summary>The tfidf-baseline recipe through the application host: queued, trained by the same job, tracked and classifying like the transformer.</summary>
public class BaselineRunTests(NewsHost app) : IClassFixture<NewsHost>, IAsyncLifetime
{
    private int _datasetId;

    public async Task InitializeAsync() => _datasetId = await SampleData.ImportSampleAsync(app, "baseline-sample", rows: 400);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_baseline_run_trains_as_a_job_and_classifies_through_the_api()
    {
        int id;
        using (var submit = app.Services.CreateScope())
            id = await submit.ServiceProvider.GetRequiredService<RunLauncher>()
                .SubmitAsync(new TrainingRequest(_datasetId, "tfidf-baseline"), CancellationToken.None);

        var run = await SampleData.WaitForRunAsync(app, id);

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

        var answer = await scope.ServiceProvider.GetRequiredService<ClassificationService>()
            .ClassifyAsync(null, id, "Stocks fall", "Shares slid on Wall Street as profits at banks fell.", CancellationToken.None);
        Assert.Equal(id, answer.Run.Id);
        Assert.Contains(answer.Prediction.PredictedLabel, new[] { "World", "Sports", "Business", "Sci/Tech" });
        Assert.Equal(1.0, answer.Prediction.Probabilities.Sum(), 3);

        // The Classify page's path: a prediction with no attention and no token attributions to show.
        var explained = await scope.ServiceProvider.GetRequiredService<ClassificationService>()
            .ExplainAsync(null, id, "Cup final", "The coach praised the team after the match.", CancellationToken.None);
        Assert.Null(explained.Attention);
        Assert.Null(explained.Attributions);
        Assert.Equal(4, explained.Prediction.Probabilities.Length);
    }

    [Fact]
    public async Task Bad_baseline_parameters_are_refused_with_every_reason()
    {
        using var scope = app.Services.CreateScope();
        var refused = await Assert.ThrowsAsync<TrainingRequestException>(() => scope.ServiceProvider.GetRequiredService<RunLauncher>().SubmitAsync(
            new TrainingRequest(_datasetId, "tfidf-baseline", new Dictionary<string, string> { ["word_ngrams"] = "7", ["epochs"] = "3" }), CancellationToken.None));
        Assert.Equal(2, refused.Errors.Count);
        Assert.Contains(refused.Errors, e => e.Contains("word_ngrams"));
        Assert.Contains(refused.Errors, e => e.Contains("Unknown parameter 'epochs'"));
    }

}
