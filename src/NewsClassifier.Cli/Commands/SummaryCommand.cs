using NewsClassifier.Application.Resources;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>summary --recipe RECIPE [--set key=value]... [--classes N] [--json]</c>: the Keras-style parameter table of the
/// model a recipe would train, built with fresh weights and no data (vocab_size is the parameter's value; a trained
/// model's vocabulary can come out smaller). For the BERT recipes the shape comes from <c>--set pretrained=FOLDER</c>'s
/// config.json (no weights are read, so a folder holding only config.json will do) or from <c>--config base|small|mini</c>,
/// and the table shows trainable next to total parameters (bert-seqcls on bert-base: 3,076 of 109,485,316).
/// </summary>
/// <remarks>The model is sized from the parameters first and refused above the training budget (<see cref="ResourceBudget"/>),
/// before any weight is allocated: the table of a model the server could not train is not worth exhausting the machine for.</remarks>
public sealed class SummaryCommand(CliTorch torch, CliConsole console, ResourceBudget budget) : ICliCommand
{
    public Command Create()
    {
        var recipe = ParameterOptions.Recipe();
        var set = ParameterOptions.Set();
        var classes = new Option<int>("--classes", "-c") { Description = "Number of classes of the output layer (AG News: 4).", DefaultValueFactory = _ => 4 };
        classes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 2 or > 1_000) r.AddError("--classes must be between 2 and 1000.");
        });
        var json = new Option<bool>("--json") { Description = "Print layers, total and trainable as one JSON object." };
        var bertConfig = new Option<string?>("--config")
        {
            Description = "BERT recipes: count for a standard shape instead of --set pretrained's config.json: base (bert-base-uncased), small (L-4 H-128 A-2), mini (L-4 H-256 A-4).",
        };
        bertConfig.AcceptOnlyFromAmong("base", "small", "mini");
        var command = new Command("summary", "Show the model's layers and parameter counts for a recipe, without training.")
        {
            recipe, set, classes, json, bertConfig,
        };
        command.SetAction(async (parse, _) =>
        {
            var asJson = parse.GetValue(json);
            var recipeName = parse.GetRequiredValue(recipe).Trim();
            var named = parse.GetValue(bertConfig);
            var (pairs, splitErrors) = ParameterOptions.Split(parse.GetValue(set));
            var parsed = RecipeCatalog.ParseForDescription(recipeName, pairs, named);
            if (splitErrors.Count > 0) parsed = new RecipeParseResult(null, [.. splitErrors, .. parsed.Errors]);
            if (!parsed.IsValid)
            {
                if (asJson) await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new { Recipe = recipeName, parsed.Errors }));
                await console.Error.WriteLineAsync("error: invalid parameters:");
                foreach (var error in parsed.Errors) await console.Error.WriteLineAsync($"  {error}");
                return 1;
            }

            var estimate = RecipeCatalog.Estimate(parsed.Value!, parse.GetValue(classes), named);
            if (budget.RefuseTraining(estimate) is { } refusal)
            {
                if (asJson) await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new { Recipe = recipeName, Errors = new[] { refusal } }));
                await console.Error.WriteLineAsync($"error: {refusal}");
                return 1;
            }

            var family = RecipeCatalog.Find(recipeName);
            if (family.UsesTorch) torch.Initialize();
            var (summary, shape) = family.Describe(parsed.Value!, parse.GetValue(classes), named);

            if (asJson)
            {
                await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
                {
                    Recipe = recipeName,
                    Layers = summary.Layers.Select(l => new { l.Name, l.Type, l.OutputShape, Params = l.Parameters, Trainable = l.Trainable ?? l.Parameters }),
                    Total = summary.TotalParameters,
                    Trainable = summary.TrainableParameters,
                    NonTrainable = summary.TotalParameters - summary.TrainableParameters,
                    Estimate = new
                    {
                        estimate.TrainingBytes, estimate.TrainingWorkload, estimate.InferenceBytes, estimate.InferenceWorkload,
                        BudgetBytes = budget.TrainingBytes,
                    },
                }));
                return 0;
            }
            await console.Out.WriteLineAsync($"Model: \"{recipeName}\" ({shape})");
            await console.Out.WriteLineAsync(summary.ToString());
            await console.Out.WriteLineAsync($"Estimated peak memory: {ResourceBudget.Bytes(estimate.TrainingBytes)} to train ({estimate.TrainingWorkload}), " +
                                             $"{ResourceBudget.Bytes(estimate.InferenceBytes)} to load ({estimate.InferenceWorkload}); " +
                                             $"training budget {ResourceBudget.Bytes(budget.TrainingBytes)} ({ResourceBudget.TrainingSetting}).");
            return 0;
        });
        return command;
    }
}
