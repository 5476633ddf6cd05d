using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.Jobs.Inference;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>classify --run ID --text "..." [--title "..."] [--json]</c>: the predicted label and every class's probability,
/// through the same <see cref="ClassificationService"/> as the API. Exit code 1 for empty text or a run without a model.
/// </summary>
public sealed class ClassifyCommand(IServiceScopeFactory scopes, CliTorch torch, CliConsole console) : ICliCommand
{
    public Command Create()
    {
        var run = new Option<int>("--run") { Description = "The training run whose model classifies (see the Experiments page).", Required = true };
        var text = new Option<string>("--text", "-t") { Description = "The article's text.", Required = true };
        var title = new Option<string?>("--title") { Description = "The article's title (read before the text, as in training)." };
        var json = new Option<bool>("--json") { Description = "Print label and probabilities as one JSON object." };
        var command = new Command("classify", "Classify one article with a trained run's model.") { run, text, title, json };
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
            await using var scope = scopes.CreateAsyncScope();
            Classification result;
            try
            {
                result = await scope.ServiceProvider.GetRequiredService<ClassificationService>()
                    .ClassifyAsync(runId, parse.GetValue(title), articleText, cancellationToken);
            }
            catch (ClassificationException e)
            {
                await console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }

            var prediction = result.Prediction;
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
                {
                    RunId = result.Run.Id,
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
            int width = prediction.LabelNames.Max(n => n.Length) + 2;
            foreach (var i in Enumerable.Range(0, prediction.LabelNames.Count).OrderByDescending(i => prediction.Probabilities[i]))
                await console.Out.WriteLineAsync(string.Create(c, $"  {prediction.LabelNames[i].PadRight(width)}{prediction.Probabilities[i],8:F4}"));
            if (prediction.Truncated || result.InputTruncated)
                await console.Error.WriteLineAsync($"note: the article was cut to the model's {prediction.TokenCount} tokens.");
            return 0;
        });
        return command;
    }
}
