using NewsClassifier.Application;
using Microsoft.EntityFrameworkCore;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Data;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Domain.Snapshots;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>Rows of finished runs written straight into the test database (no training): runs, their series,
/// snapshots and validation predictions.</summary>
public abstract class RunPageTestContext : PageTestContext
{
    protected static readonly string[] Labels = ["World", "Sports", "Business", "Sci/Tech"];

    protected RunPageTestContext()
    {
        // PageTestContext's host has the data services only; the run services resolve over it here.
        var notifier = new Notifier<RunProgress>();
        Services.AddSingleton(notifier);
        Services.AddScoped(_ => ActivatorUtilities.CreateInstance<RunQueries>(AppServices));
        Services.AddScoped(_ => ActivatorUtilities.CreateInstance<RunTable>(AppServices));
        Services.AddScoped(_ => ActivatorUtilities.CreateInstance<RunComparison>(AppServices));
        Services.AddScoped(_ => ActivatorUtilities.CreateInstance<RunLauncher>(AppServices, ActivatorUtilities.CreateInstance<TrainingRequests>(AppServices), notifier, TimeProvider.System));
        Services.AddScoped(sp => ActivatorUtilities.CreateInstance<RunCatalog>(AppServices, sp.GetRequiredService<RunLauncher>()));
    }

    protected IDbContextFactory<NewsDbContext> Contexts => AppServices.GetRequiredService<IDbContextFactory<NewsDbContext>>();

    protected string ArtifactsDirectory => AppServices.GetRequiredService<DataPaths>().ArtifactsDirectory;

    protected async Task<int> SnapshotAsync(int datasetId, string hash)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var snapshot = new DatasetSnapshot
        {
            DatasetId = datasetId, DatasetName = "news", ContentHash = hash.PadRight(64, '0'), CreatedAt = DateTime.UtcNow,
            LabelNamesJson = System.Text.Json.JsonSerializer.Serialize(Labels),
        };
        db.DatasetSnapshots.Add(snapshot);
        await db.SaveChangesAsync();
        return snapshot.Id;
    }

    /// <summary>A succeeded run; <paramref name="predictions"/> are (article id, actual, predicted).</summary>
    protected async Task<int> RunAsync(
        int datasetId, int? snapshotId, Dictionary<string, string> parameters, int[][] confusion,
        IEnumerable<(long ArticleId, int Actual, int Predicted)>? predictions = null,
        string recipe = "custom", double accuracy = 0.8, string tags = "", string? notes = null, bool archived = false,
        RunState state = RunState.Succeeded, DateTime? createdAt = null, double minutes = 5)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var created = createdAt ?? DateTime.UtcNow;
        var run = new TrainingRun
        {
            DatasetId = datasetId, DatasetName = "news", SnapshotId = snapshotId, Recipe = recipe,
            ParametersJson = StoredJson.Serialize(parameters), State = state, StartedBy = "test", Tags = tags, Notes = notes,
            IsArchived = archived, CreatedAt = created, StartedAt = created, FinishedAt = state == RunState.Running ? null : created.AddMinutes(minutes),
            Epoch = 2, Epochs = 2, BestEpoch = 2, ValidationAccuracy = accuracy, ValidationMacroF1 = accuracy - 0.01, ValidationLoss = 1 - accuracy,
            ArticlesPerSecond = 1000, Device = "cpu",
            EvaluationJson = StoredJson.Serialize(new ClassificationMetrics(accuracy, accuracy - 0.01,
                confusion.Select((_, i) => new ClassMetrics(Labels[i], accuracy, accuracy, accuracy, confusion[i].Sum())).ToList(), confusion)),
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync();
        for (var step = 1; step <= 4; step++) db.RunMetrics.Add(new RunMetric { RunId = run.Id, Name = RunMetricNames.StepLoss, Step = step, Value = 1.0 / step });
        for (var epoch = 1; epoch <= 2; epoch++)
        {
            db.RunMetrics.Add(new RunMetric { RunId = run.Id, Name = RunMetricNames.TrainLoss, Step = epoch, Value = 1.0 / epoch });
            db.RunMetrics.Add(new RunMetric { RunId = run.Id, Name = RunMetricNames.ValidationLoss, Step = epoch, Value = 1.1 / epoch });
            db.RunMetrics.Add(new RunMetric { RunId = run.Id, Name = RunMetricNames.ValidationAccuracy, Step = epoch, Value = accuracy * epoch / 2 });
        }
        db.RunLogEntries.Add(new RunLogEntry(run.Id, created, "seeded"));
        foreach (var (articleId, actual, predicted) in predictions ?? [])
            db.RunPredictions.Add(new RunPrediction(run.Id, articleId, actual, predicted, 0.75f));
        await db.SaveChangesAsync();
        return run.Id;
    }

    protected async Task<List<long>> ArticleIdsAsync(int datasetId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
    }

    protected const string FourArticles =
        "1,\"Talks resume\",\"Diplomats met again in Geneva.\"\n" +
        "2,\"Cup final\",\"The home side won on penalties.\"\n" +
        "3,\"Shares fall\",\"Markets slid after the rate decision.\"\n" +
        "4,\"New chip\",\"A faster processor was announced.\"\n";

    protected static readonly int[][] Diagonal = [[5, 0, 0, 0], [0, 5, 0, 0], [0, 0, 5, 0], [0, 0, 0, 5]];
}
