using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Tests.Training;

/// <summary>Runs queued through the application train as real Hangfire jobs with TorchSharp, on a tiny model.</summary>
public class TrainingJobTests(NewsHost app) : IClassFixture<NewsHost>, IAsyncLifetime
{
    /// <summary>What a constant predictor scores on the (balanced, 4-class) sample's validation split is 0.25; the
    /// tiny model must beat it clearly.</summary>
    public const double AboveChance = 0.4;

    private int _datasetId;

    public async Task InitializeAsync() => _datasetId = await SampleData.ImportSampleAsync(app, "train-sample", rows: 400);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int> SubmitAsync(IReadOnlyDictionary<string, string>? parameters = null, string startedBy = "web")
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<RunLauncher>()
            .SubmitAsync(new TrainingRequest(_datasetId, "custom", parameters ?? SampleData.TinyModel, startedBy), CancellationToken.None);
    }

    [Fact]
    public async Task A_run_trains_in_the_background_and_stores_metrics_evaluation_and_model()
    {
        var id = await SubmitAsync(SampleData.LearningModel, startedBy: "admin");

        var run = await SampleData.WaitForRunAsync(app, id);

        Assert.True(run.State == RunState.Succeeded, run.Error);
        Assert.Equal("admin", run.StartedBy);
        Assert.Equal(4, run.Epoch);
        Assert.Equal(400, run.TrainArticles + run.ValidationArticles);
        Assert.InRange(run.ValidationArticles, 78, 82); // 20 %, stratified per class
        Assert.True(run.ValidationAccuracy > AboveChance, $"validation accuracy {run.ValidationAccuracy} is not above chance (0.25)");
        Assert.True(run.ValidationAccuracy <= 1);
        Assert.Equal("cpu", run.Device);
        Assert.Contains("TorchSharp 0.107.0", run.LibraryVersions);
        Assert.True(Directory.Exists(run.ArtifactPath), "the model folder exists");

        using var scope = app.Services.CreateScope();
        var details = await scope.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(id, CancellationToken.None);
        Assert.Equal(run.TotalSteps, details!.Metrics.Count(m => m.Name == RunMetricNames.StepLoss)); // one loss per step
        Assert.Equal(4 * (int)Math.Ceiling(run.TrainArticles / 32.0), run.TotalSteps);
        Assert.Equal(4, details.Metrics.Count(m => m.Name == RunMetricNames.ValidationAccuracy));
        Assert.Equal(4, details.Evaluation!.ConfusionMatrix.Length);
        Assert.Equal(run.ValidationArticles, details.Evaluation.ConfusionMatrix.Sum(row => row.Sum()));
        // The accuracy is the confusion matrix's diagonal, and more than one class is predicted (no constant answer).
        var matrix = details.Evaluation.ConfusionMatrix;
        Assert.Equal(run.ValidationAccuracy!.Value, Enumerable.Range(0, 4).Sum(i => matrix[i][i]) / (double)run.ValidationArticles, 6);
        Assert.True(Enumerable.Range(0, 4).Count(c => matrix.Sum(row => row[c]) > 0) > 1, "the model predicts more than one class");
        Assert.Contains(details.Summary!, layer => layer.Name == "transformer_block");
        Assert.NotEmpty(details.Log);

        // The trained model answers through the classification service (the API's and the CLI's path).
        var answer = await scope.ServiceProvider.GetRequiredService<ClassificationService>()
            .ClassifyAsync(null, id, "Stocks fall", "Shares slid on Wall Street.", CancellationToken.None);
        Assert.Equal(id, answer.Run.Id);
        Assert.Contains(answer.Prediction.PredictedLabel, new[] { "World", "Sports", "Business", "Sci/Tech" });
        Assert.Equal(1.0, answer.Prediction.Probabilities.Sum(), 3);
    }

    [Fact]
    public async Task Invalid_hyper_parameters_are_refused_with_every_reason()
    {
        var bad = await Assert.ThrowsAsync<TrainingRequestException>(() => SubmitAsync(
            new Dictionary<string, string> { ["epochs"] = "0", ["dropout"] = "lots", ["no_such_key"] = "1" }));
        Assert.Contains(bad.Errors, e => e.Contains("epochs"));
        Assert.Contains(bad.Errors, e => e.Contains("dropout"));
        Assert.Contains(bad.Errors, e => e.Contains("no_such_key"));

        using var scope = app.Services.CreateScope();
        var launcher = scope.ServiceProvider.GetRequiredService<RunLauncher>();
        var unknownRecipe = await Assert.ThrowsAsync<TrainingRequestException>(() =>
            launcher.SubmitAsync(new TrainingRequest(_datasetId, "gpt-5"), CancellationToken.None));
        Assert.Contains(unknownRecipe.Errors, e => e.Contains("gpt-5"));
        var unknownDataset = await Assert.ThrowsAsync<TrainingRequestException>(() =>
            launcher.SubmitAsync(new TrainingRequest(9999, "custom"), CancellationToken.None));
        Assert.Contains(unknownDataset.Errors, e => e.Contains("9999"));
    }

    [Fact]
    public async Task A_running_run_can_be_cancelled_and_leaves_no_files()
    {
        var artifacts = ArtifactFolders();
        using var scope = app.Services.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<RunLauncher>();
        // No early stop: with it the tiny run can end on its own between two polls, before the cancel is sent.
        var id = await SubmitAsync(new Dictionary<string, string>(SampleData.TinyModel) { ["epochs"] = "500", ["early_stopping_patience"] = "0" });
        await SampleData.WaitForRunAsync(app, id, r => r.State == RunState.Running && r.Step > 0);

        Assert.True(await queue.CancelAsync(id, CancellationToken.None));

        var run = await SampleData.WaitForRunAsync(app, id);
        Assert.Equal(RunState.Cancelled, run.State);
        Assert.True(run.Step < run.TotalSteps);
        Assert.Equal("Cancelled by a user.", run.StopReason);
        Assert.Null(run.ArtifactPath);
        // No model folder was written for it (nothing classifies with a cancelled run), and its last-epoch checkpoint is gone.
        Assert.DoesNotContain(ArtifactFolders().Except(artifacts), folder => Path.GetFileName(folder) == "model");
        Assert.False(Directory.Exists(app.Services.GetRequiredService<DataPaths>().RunDirectory(id)));
        Assert.False(await queue.CancelAsync(id, CancellationToken.None)); // finished: nothing left to cancel
    }

    /// <summary>Every folder under the data directory's artifacts (where trained models go).</summary>
    private string[] ArtifactFolders()
    {
        var root = Path.Combine(app.DataDirectory, "artifacts");
        return Directory.Exists(root) ? Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Order().ToArray() : [];
    }
}
