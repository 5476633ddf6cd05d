using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Registry;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Text;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>evaluate --run ID --file CSV [--json]</c>: accuracy, macro-F1, per-class scores and the confusion matrix of a
/// run's model on an AG News CSV (label,title,description; header optional; label 1-4 = the model's class 0-3). The file
/// is read with the importer's readers and row checks; any bad row refuses the whole evaluation, with every reason.
/// </summary>
public sealed class EvaluateCommand(IServiceScopeFactory scopes, CliTorch torch, CliConsole console, ILogger<EvaluateCommand> logger) : ICliCommand
{
    private const int ProblemsPrinted = 100;
    private const int BatchSize = 64;

    /// <summary>The predictors' own rule: no words left once punctuation is removed (the transformer: no token ids).</summary>
    private static bool Unreadable(IArticleClassifier predictor, string text) => predictor is CustomTransformerPredictor transformer
        ? transformer.Vectorizer.EncodeUnpadded(text, transformer.Config.MaxLength).Length == 0
        : !TextVectorizer.Tokenize(text).Any();

    public Command Create()
    {
        var run = new Option<int>("--run") { Description = "The training run whose model is evaluated.", Required = true };
        var file = new Option<string>("--file", "-f") { Description = "An AG News CSV: label (1-4),title,description; header optional.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the metrics as one JSON object (also on failure)." };
        var command = new Command("evaluate", "Evaluate a run's model on a labeled AG News CSV file.") { run, file, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            var runId = parse.GetValue(run);
            var path = Path.GetFullPath(parse.GetRequiredValue(file));

            await using var scope = scopes.CreateAsyncScope();
            TrainingRun trained;
            try
            {
                trained = (await scope.ServiceProvider.GetRequiredService<ModelResolver>().ResolveAsync(null, runId, cancellationToken)).Run;
            }
            catch (Exception e) when (e is ClassificationException or RegistryException)
            {
                return await FailAsync(asJson, runId, path, e.Message, []);
            }

            LabelledFile data;
            try
            {
                data = await LabelledFileReader.ReadAsync(path, new ImportSpec(ImportFormat.AgNews), cancellationToken);
            }
            catch (ImportException e)
            {
                return await FailAsync(asJson, runId, path, e.Message, []);
            }
            if (data.ProblemCount > 0)
                return await FailAsync(asJson, runId, path, $"Not evaluated: {data.ProblemCount:N0} of {data.RowsRead:N0} rows have problems.", data.Problems, data.ProblemCount);
            if (data.Rows.Count == 0)
                return await FailAsync(asJson, runId, path, "The file has no rows.", []);

            if (RecipeCatalog.UsesTorch(trained.Recipe)) torch.Initialize();
            using var predictor = RecipeCatalog.Load(trained.ArtifactPath!);
            if (predictor.LabelNames.Count != AgNews.LabelNames.Count)
                return await FailAsync(asJson, runId, path,
                    $"Run {runId}'s model has {predictor.LabelNames.Count} classes ({string.Join(", ", predictor.LabelNames)}); AG News labels 1-4 need 4.", []);

            // A row the model cannot read (no words once punctuation is removed) is a row problem too, reported like the others.
            var texts = data.Rows.Select(r => Article.ComposeModelText(r.Title, r.Text)).ToList();
            var unreadable = data.Rows.Where((_, i) => Unreadable(predictor, texts[i]))
                .Select(r => new RowProblem(r.Row, "The article has no words once punctuation is removed.")).ToList();
            if (unreadable.Count > 0)
                return await FailAsync(asJson, runId, path, $"Not evaluated: {unreadable.Count:N0} of {data.RowsRead:N0} rows have problems.", unreadable);

            logger.LogInformation("Evaluating run {RunId} on {Rows:N0} articles of {Path}", runId, texts.Count, path);
            var predictions = await Task.Run(() => predictor is CustomTransformerPredictor transformer
                ? transformer.PredictBatch(texts, BatchSize) : predictor.PredictBatch(texts), cancellationToken);
            var metrics = Metrics.Compute(data.Rows.Select(r => r.Ordinal).ToList(), predictions.Select(p => p.PredictedIndex).ToList(), predictor.LabelNames);

            if (asJson)
            {
                await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
                {
                    RunId = runId,
                    File = path,
                    Succeeded = true,
                    Rows = texts.Count,
                    metrics.Accuracy,
                    metrics.MacroF1,
                    PerClass = CliMetrics.PerClassJson(metrics),
                    Confusion = metrics.ConfusionMatrix,
                }));
                return 0;
            }
            await console.Out.WriteLineAsync($"Run {runId} on {texts.Count:N0} articles of {path}:");
            await CliMetrics.WriteAsync(console.Out, metrics);
            return 0;
        });
        return command;
    }

    private async Task<int> FailAsync(bool asJson, int runId, string path, string message, IReadOnlyList<RowProblem> problems, int? problemCount = null)
    {
        if (asJson)
            await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
            {
                RunId = runId, File = path, Succeeded = false, Message = message,
                ProblemCount = problemCount ?? problems.Count, Problems = problems,
            }));
        await console.Error.WriteLineAsync($"error: {message}");
        foreach (var p in problems.Take(ProblemsPrinted)) await console.Error.WriteLineAsync($"  line {p.Row}: {p.Reason}");
        if ((problemCount ?? problems.Count) > ProblemsPrinted)
            await console.Error.WriteLineAsync($"  ... and {(problemCount ?? problems.Count) - ProblemsPrinted:N0} more (use --json for the first {ImportReport.MaxListed:N0}).");
        return 1;
    }
}
