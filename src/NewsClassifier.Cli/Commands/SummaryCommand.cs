using System.CommandLine;
using NewsClassifier.Cli.Hosting;
using NewsClassifier.ML.Baseline;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Models;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Training;
using NewsClassifier.ML.Training.Bert;

namespace NewsClassifier.Cli.Commands;

/// <summary>
/// <c>summary --recipe RECIPE [--set key=value]... [--classes N] [--json]</c>: the Keras-style parameter table of the
/// model a recipe would train, built with fresh weights and no data (vocab_size is the parameter's value; a trained
/// model's vocabulary can come out smaller). For the BERT recipes the shape comes from <c>--set pretrained=FOLDER</c>'s
/// config.json (no weights are read, so a folder holding only config.json will do) or from <c>--config base|small|mini</c>,
/// and the table shows trainable next to total parameters (bert-seqcls on bert-base: 3,076 of 109,485,316).
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
            var parsed = RecipeRegistry.IsBert(recipeName) ? ParseBert(recipeName, parse.GetValue(set), named) : ParameterOptions.Parse(recipeName, parse.GetValue(set));
            if (!parsed.IsValid)
            {
                if (asJson) await console.Out.WriteLineAsync(CliJson.SerializeSnakeCase(new { Recipe = recipeName, parsed.Errors }));
                await console.Error.WriteLineAsync("error: invalid parameters:");
                foreach (var error in parsed.Errors) await console.Error.WriteLineAsync($"  {error}");
                return 1;
            }

            ModelSummary summary;
            string shape;
            if (parsed.Value!.Bert is { } bert)
            {
                var config = named switch
                {
                    "base" => BertConfig.Base,
                    "small" => BertConfig.SmallL4H128A2,
                    "mini" => BertConfig.MiniL4H256A4,
                    _ => BertConfig.Load(Path.Combine(bert.Pretrained, BertFolder.ConfigFile)),
                };
                torch.Initialize();
                using (var model = new BertForSequenceClassification(config, parse.GetValue(classes), bert.Dropout, bert.Seed))
                {
                    model.Bert.SetTrainable(bert.TrainBody);
                    summary = ModelSummary.Of(model);
                }
                shape = $"{config.NumHiddenLayers} layers, hidden {config.HiddenSize}, {config.NumAttentionHeads} heads, vocab_size {config.VocabSize}, " +
                        $"max_length {bert.MaxLength}, {parse.GetValue(classes)} classes, body {(bert.TrainBody ? "trainable" : "frozen")}";
            }
            else if (parsed.Value!.Transformer is { } hp)
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
                    Layers = summary.Layers.Select(l => new { l.Name, l.Type, l.OutputShape, Params = l.Parameters, Trainable = l.Trainable ?? l.Parameters }),
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

    /// <summary>BERT parameters where the folder needs only a config.json, or nothing at all when --config names the shape.</summary>
    private static RecipeParseResult ParseBert(string recipe, IEnumerable<string>? sets, string? namedConfig)
    {
        var (pairs, errors) = ParameterOptions.Split(sets);
        var (value, parseErrors) = BertParameterSet.Parse(recipe, pairs, namedConfig is null ? PretrainedCheck.ConfigOnly : PretrainedCheck.None);
        if (errors.Count > 0 || value is null) return new RecipeParseResult(null, [.. errors, .. parseErrors]);
        return new RecipeParseResult(new RecipeSettings(recipe, BertParameterSet.ToStrings(value), value.Epochs, value.Seed, value.ValidationFraction) { Bert = value }, []);
    }
}
