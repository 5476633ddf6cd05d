using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NewsClassifier.Data;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Jobs.Hosting;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Jobs.Training;

/// <summary>
/// Trains one run on the training queue. The web app runs it through Hangfire; the CLI calls
/// <see cref="RunAsync"/> directly, so both train with the same code. No automatic retry: a failed run
/// keeps its error for a person to read and can be re-run.
/// </summary>
[Queue(JobQueues.Training)]
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class TrainingJob(
    IDbContextFactory<NewsDbContext> contexts,
    DataPaths paths,
    TrainingNotifier notifier,
    TimeProvider clock,
    ILogger<TrainingJob> logger)
{
    public async Task RunAsync(int runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.TrainingRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.IsFinished)
        {
            logger.LogInformation("Run {RunId} is gone or finished; nothing to do", runId);
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var recorder = new RunRecorder(db, run, notifier, cancel, clock);
        try
        {
            if (run.CancelRequested) throw new OperationCanceledException();
            var overrides = RunJson.Deserialize<Dictionary<string, string>>(run.ParametersJson);
            var parsed = ParameterSet.Parse(run.Recipe, overrides);
            if (!parsed.IsValid) throw new ArgumentException(string.Join(" ", parsed.Errors));

            await StartAsync(db, run, cancellationToken);
            var data = await LoadDataAsync(db, run.DatasetId, cancellationToken);
            recorder.OnLog($"Training '{run.Recipe}' on '{run.DatasetName}': {data.Texts.Count:N0} labelled articles, {data.LabelNames.Count} classes.");
            recorder.Flush();

            var hp = parsed.Value!;
            data.Validate();
            var (train, validation) = StratifiedSplit.Split(data.Labels, hp.ValidationFraction, hp.Seed);
            run.TrainArticles = train.Length;
            run.ValidationArticles = validation.Length;
            var artifacts = Path.Combine(paths.ArtifactsDirectory, "runs", run.Id.ToString());
            var result = Trainer.Train(data, train, validation, hp, artifacts, recorder, cancel.Token);
            Complete(run, result);
            recorder.OnLog($"Best epoch {result.Best.Epoch}: validation accuracy {result.Best.ValidationAccuracy:P2}, macro-F1 {result.Best.Validation.MacroF1:F3}.");
        }
        catch (OperationCanceledException)
        {
            run.State = RunState.Cancelled;
            run.StopReason = "Cancelled by a user.";
            recorder.OnLog("Cancelled.");
        }
        catch (ArgumentException e)
        {
            // Data or parameters the trainer refuses (too few articles for a split, ...): the user can fix it.
            run.State = RunState.Failed;
            run.Error = e.Message;
            recorder.OnLog($"Failed: {e.Message}");
        }
        catch (Exception e)
        {
            run.State = RunState.Failed;
            run.Error = $"The run failed unexpectedly: {e.Message}";
            recorder.OnLog(run.Error);
            logger.LogError(e, "Run {RunId} failed unexpectedly", run.Id);
            Finish(run, recorder);
            throw; // Hangfire's dashboard keeps the stack trace
        }
        Finish(run, recorder);
    }

    private void Finish(TrainingRun run, RunRecorder recorder)
    {
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        recorder.Flush();
    }

    private async Task StartAsync(NewsDbContext db, TrainingRun run, CancellationToken cancellationToken)
    {
        // A run restarted after a crash starts over: drop the series of the interrupted attempt.
        await db.RunMetrics.Where(m => m.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        var torch = TorchRuntime.Initialize();
        run.State = RunState.Running;
        run.StartedAt = clock.GetUtcNow().UtcDateTime;
        run.Step = 0;
        run.Epoch = 0;
        run.Device = torch.Device;
        run.LibraryVersions = $"TorchSharp {torch.TorchSharpVersion}; libtorch backend {TorchRuntime.BuildBackend}; .NET {Environment.Version}";
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Complete(TrainingRun run, TrainingResult result)
    {
        run.State = RunState.Succeeded;
        run.BestEpoch = result.Best.Epoch;
        run.ValidationAccuracy = result.Best.ValidationAccuracy;
        run.ValidationMacroF1 = result.Best.Validation.MacroF1;
        run.ValidationLoss = result.Best.ValidationLoss;
        run.ArticlesPerSecond = result.ArticlesPerSecond;
        run.EvaluationJson = RunJson.Serialize(result.Best.Validation);
        run.SummaryJson = RunJson.Serialize(result.Summary.Layers);
        run.TotalParameters = result.Summary.TotalParameters;
        run.ArtifactPath = result.ModelDirectory;
        run.StopReason = result.StopReason;
        run.Step = run.TotalSteps;
    }

    /// <summary>The dataset's labelled articles in a stable order (by id), as the trainer takes them.</summary>
    internal static async Task<TrainingData> LoadDataAsync(NewsDbContext db, int datasetId, CancellationToken cancellationToken)
    {
        var labels = await db.LabelClasses.AsNoTracking().Where(l => l.DatasetId == datasetId)
            .OrderBy(l => l.Ordinal).Select(l => l.Name).ToListAsync(cancellationToken);
        var rows = await db.Articles.AsNoTracking()
            .Where(a => a.DatasetId == datasetId && a.LabelId != null)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Title, a.Text, a.Label!.Ordinal })
            .ToListAsync(cancellationToken);
        return new TrainingData(
            rows.Select(r => NewsClassifier.Domain.Datasets.Article.ComposeModelText(r.Title, r.Text)).ToList(),
            rows.Select(r => r.Ordinal).ToList(),
            labels);
    }
}
