using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Registry;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>classify [--model NAME[@ALIAS|:VERSION] | --run ID] --text "..." [--title "..."] [--json]</c>: the predicted label and
/// every class's probability, through the same <see cref="ClassificationService"/> as the API; with neither --model nor --run
/// the production model answers. <c>--model</c> may also be a model folder (a run's <c>model/</c>, any recipe), loaded
/// directly without the database. Exit code 1 for empty text, an unknown model or a run without a model.
/// </summary>
public sealed class ClassifyCommand(IServiceScopeFactory scopes, CliTorch torch, CliConsole console) : ICliCommand
{
    public Command Create()
    {
        var run = new Option<int?>("--run") { Description = "The training run whose model classifies (see the Experiments page)." };
        var model = new Option<string?>("--model", "-m")
        {
            Description = "A registered model: NAME (its production alias), NAME@ALIAS or NAME:VERSION, or a model folder. Without --model and --run: the production model.",
        };
        var text = new Option<string>("--text", "-t") { Description = "The article's text.", Required = true };
        var title = new Option<string?>("--title") { Description = "The article's title (read before the text, as in training)." };
        var json = new Option<bool>("--json") { Description = "Print label and probabilities as one JSON object." };
        var command = new Command("classify", "Classify one article with a trained run's model.") { model, run, text, title, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var runId = parse.GetValue(run);
            var articleText = parse.GetValue(text);
            if (string.IsNullOrWhiteSpace(articleText))
            {
                await console.Error.WriteLineAsync("error: --text is empty: give the article's text to classify.");
                return 1;
            }

            torch.Initialize();
            if (parse.GetValue(model) is { } folder && Directory.Exists(folder))
                return await ClassifyWithFolderAsync(folder, parse.GetValue(title), articleText, parse.GetValue(json));
            await using var scope = scopes.CreateAsyncScope();
            ClassificationResult result;
            try
            {
                result = await scope.ServiceProvider.GetRequiredService<ClassificationService>()
                    .ClassifyAsync(parse.GetValue(model), runId, parse.GetValue(title), articleText, cancellationToken);
            }
            catch (Exception e) when (e is ClassificationException or RegistryException)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }

            var prediction = result.Prediction;
            var registered = result.Model;
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
                {
                    RunId = result.Run.Id,
                    Model = registered?.Display,
                    Label = prediction.PredictedLabel,
                    prediction.Confidence,
                    Probabilities = prediction.LabelNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => prediction.Probabilities[x.i]),
                    Tokens = prediction.TokenCount,
                    Truncated = prediction.Truncated || result.InputTruncated,
                }));
                return 0;
            }
            var c = CultureInfo.InvariantCulture;
            await console.Out.WriteLineAsync($"label  {prediction.PredictedLabel}");
            await console.Error.WriteLineAsync(registered is null ? $"model: run {result.Run.Id}" : $"model: {registered.Display}, run {result.Run.Id}");
            int width = prediction.LabelNames.Max(n => n.Length) + 2;
            foreach (var i in Enumerable.Range(0, prediction.LabelNames.Count).OrderByDescending(i => prediction.Probabilities[i]))
                await console.Out.WriteLineAsync(string.Create(c, $"  {prediction.LabelNames[i].PadRight(width)}{prediction.Probabilities[i],8:F4}"));
            if (prediction.Truncated || result.InputTruncated)
                await console.Error.WriteLineAsync($"note: the article was cut to the model's {prediction.TokenCount} tokens.");
            return 0;
        });
        return command;
    }

    /// <summary>A model folder read directly (title and text joined as in training), printed like a run's answer.</summary>
    private async Task<int> ClassifyWithFolderAsync(string folder, string? title, string text, bool asJson)
    {
        Prediction prediction;
        string recipe;
        try
        {
            using var classifier = RecipeCatalog.Load(folder);
            recipe = classifier.Recipe;
            prediction = classifier.Predict(Article.ComposeModelText(title?.Trim() ?? "", text.Trim()));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or JsonException)
        {
            await console.Error.WriteLineAsync($"error: cannot classify with the model folder '{folder}': {e.Message}");
            return 1;
        }
        if (asJson)
        {
            await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
            {
                Model = Path.GetFullPath(folder),
                Recipe = recipe,
                Label = prediction.PredictedLabel,
                prediction.Confidence,
                Probabilities = prediction.LabelNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => prediction.Probabilities[x.i]),
                Tokens = prediction.TokenCount,
                prediction.Truncated,
            }));
            return 0;
        }
        await console.Out.WriteLineAsync($"label  {prediction.PredictedLabel}");
        await console.Error.WriteLineAsync($"model: folder {Path.GetFullPath(folder)} ({recipe})");
        int width = prediction.LabelNames.Max(n => n.Length) + 2;
        foreach (var i in Enumerable.Range(0, prediction.LabelNames.Count).OrderByDescending(i => prediction.Probabilities[i]))
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {prediction.LabelNames[i].PadRight(width)}{prediction.Probabilities[i],8:F4}"));
        if (prediction.Truncated) await console.Error.WriteLineAsync($"note: the article was cut to the model's {prediction.TokenCount} tokens.");
        return 0;
    }
}
