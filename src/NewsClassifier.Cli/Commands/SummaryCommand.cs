using System.CommandLine;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.ML.Baseline;
using NewsClassifier.ML.Models;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>summary --recipe RECIPE [--set key=value]... [--classes N] [--json]</c>: the Keras-style parameter table of the
/// model a recipe would train, built with fresh weights and no data (vocab_size is the parameter's value; a trained
/// model's vocabulary can come out smaller).
/// </summary>
public sealed class SummaryCommand(CliTorch torch, CliConsole console) : ICliCommand
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
        var command = new Command("summary", "Show the model's layers and parameter counts for a recipe, without training.")
        {
            recipe, set, classes, json,
        };
        command.SetAction(async (parse, _) =>
        {
            var asJson = parse.GetValue(json);
            var recipeName = parse.GetRequiredValue(recipe).Trim();
            var parsed = ParameterOptions.Parse(recipeName, parse.GetValue(set));
            if (!parsed.IsValid)
            {
                if (asJson) await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new { Recipe = recipeName, parsed.Errors }));
                await console.Error.WriteLineAsync("error: invalid parameters:");
                foreach (var error in parsed.Errors) await console.Error.WriteLineAsync($"  {error}");
                return 1;
            }

            ModelSummary summary;
            string shape;
            if (parsed.Value!.Transformer is { } hp)
            {
                var config = hp.ModelConfig(hp.VocabSize, parse.GetValue(classes));
                torch.Initialize();
                using (var model = new CustomTransformerClassifier(config, hp.Seed)) summary = ModelSummary.Of(model);
                shape = $"vocab_size {config.VocabSize}, max_length {config.MaxLength}, {config.NumClasses} classes";
            }
            else
            {
                // The TF-IDF vocabulary (the linear layer's input width) comes from the training data, so it is unknown here.
                summary = TfidfBaselineTrainer.Summary(features: 0, parse.GetValue(classes));
                shape = $"{parse.GetValue(classes)} classes; the linear layer has n_features x classes + classes parameters, " +
                        "n_features being the TF-IDF vocabulary found in the training data";
            }

            if (asJson)
            {
                await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new
                {
                    Recipe = recipeName,
                    Layers = summary.Layers.Select(l => new { l.Name, l.Type, l.OutputShape, Params = l.Parameters }),
                    Total = summary.TotalParameters,
                    Trainable = summary.TrainableParameters,
                    NonTrainable = summary.TotalParameters - summary.TrainableParameters,
                }));
                return 0;
            }
            await console.Out.WriteLineAsync($"Model: \"{recipeName}\" ({shape})");
            await console.Out.WriteLineAsync(summary.ToString());
            return 0;
        });
        return command;
    }
}
