using NewsClassifier.ML.Text;
using NewsClassifier.ML.Training.Bert;

namespace NewsClassifier.ML.Tests.Training.Bert;

public sealed class BertParameterSetTests : IDisposable
{
    private readonly string _folder = TinyBert.CreateFolder();

    public BertParameterSetTests() => TestData.InitTorch();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (BertParameters? Value, IReadOnlyList<string> Errors) Parse(string recipe, params (string Key, string Value)[] pairs) =>
        BertParameterSet.Parse(recipe, pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));

    [Fact]
    public void Defaults_per_recipe_follow_the_lesson()
    {
        var frozen = Parse(BertRecipes.Frozen, ("pretrained", _folder), ("max_length", "64")).Value!;
        Assert.False(frozen.TrainBody);
        Assert.Equal(BertOptimizer.Adam, frozen.Optimizer);
        Assert.Equal(1e-3, frozen.LearningRate);
        Assert.Equal(32, frozen.BatchSize);
        Assert.Equal(PaddingMode.MaxLength, frozen.Padding);
        Assert.Equal(0.1, frozen.Dropout);

        var finetune = Parse(BertRecipes.FineTune, ("pretrained", _folder), ("max_length", "64")).Value!;
        Assert.True(finetune.TrainBody);
        Assert.Equal(BertOptimizer.AdamW, finetune.Optimizer);
        Assert.Equal(5e-5, finetune.LearningRate);
        Assert.Equal(0.01, finetune.WeightDecay);
        Assert.Equal(0.1, finetune.WarmupFraction);
        Assert.Equal(BertSchedule.Linear, finetune.Schedule);
        Assert.Equal(5, finetune.Epochs);
        Assert.Equal(32, finetune.EffectiveBatchSize);
        Assert.Equal(TrainingPrecision.Bf16, finetune.Precision);
        Assert.Equal(PaddingMode.Longest, finetune.Padding);
        Assert.Equal(1.0, finetune.GradientClip);

        var seqcls = Parse(BertRecipes.SequenceClassification, ("pretrained", _folder), ("max_length", "64")).Value!;
        Assert.False(seqcls.TrainBody);
        Assert.Equal(BertOptimizer.Adam, seqcls.Optimizer);
        Assert.Equal(32, seqcls.BatchSize);
        Assert.Equal(32, seqcls.StepsPerEpoch);
        Assert.Equal(2, seqcls.ValidationSteps);
        Assert.Equal(PaddingMode.MaxLength, seqcls.Padding);
        Assert.Equal(128, BertRecipes.Defaults(BertRecipes.SequenceClassification).MaxLength);
    }

    [Fact]
    public void Registry_knows_the_three_recipes_and_their_parameters()
    {
        foreach (var recipe in new[] { "bert-frozen", "bert-finetune", "bert-seqcls" })
        {
            Assert.Contains(recipe, RecipeCatalog.Names);
            Assert.True(RecipeCatalog.UsesTorch(recipe));
            Assert.IsType<BertFamily>(RecipeCatalog.Find(recipe));
            Assert.Contains(RecipeCatalog.Parameters(recipe), p => p.Key == "pretrained");
            Assert.Equal("", RecipeCatalog.DefaultsAsStrings(recipe)["pretrained"]);
        }
        Assert.False(RecipeCatalog.UsesTorch(Recipes.TfidfBaseline));
        Assert.True(RecipeCatalog.UsesTorch(Recipes.Custom));

        var parsed = RecipeCatalog.Parse("bert-finetune", new Dictionary<string, string> { ["pretrained"] = _folder, ["max_length"] = "64", ["epochs"] = "1" });
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        Assert.Equal(1, parsed.Value!.Epochs);
        Assert.Equal("64", parsed.Value.Values["max_length"]);
        Assert.Equal("longest", parsed.Value.Values["padding"]);
        Assert.IsType<BertParameters>(parsed.Value.Parameters);
    }

    [Fact]
    public void Errors_name_the_key()
    {
        var missing = Parse(BertRecipes.FineTune).Errors;
        Assert.Contains(missing, e => e.StartsWith("pretrained:") && e.Contains("required"));

        var notAFolder = Parse(BertRecipes.Frozen, ("pretrained", Path.Combine(_folder, "nope"))).Errors;
        Assert.Contains(notAFolder, e => e.StartsWith("pretrained:") && e.Contains("not found"));

        var tooLong = Parse(BertRecipes.Frozen, ("pretrained", _folder), ("max_length", "128")).Errors; // tiny config: 64 positions
        Assert.Contains(tooLong, e => e.StartsWith("max_length:") && e.Contains("max_position_embeddings (64)"));

        var bad = Parse(BertRecipes.FineTune, ("pretrained", _folder), ("gradient_accumulation", "-2"), ("padding", "sideways"),
            ("schedule", "cosine"), ("train_body", "maybe"), ("nope", "1")).Errors;
        Assert.Contains(bad, e => e.StartsWith("gradient_accumulation:") && e.Contains("out of range"));
        Assert.Contains(bad, e => e.StartsWith("padding:") && e.Contains("longest|max_length"));
        Assert.Contains(bad, e => e.StartsWith("schedule:") && e.Contains("linear|constant"));
        Assert.Contains(bad, e => e.StartsWith("train_body:"));
        Assert.Contains(bad, e => e.Contains("Unknown parameter 'nope'"));

        File.Delete(Path.Combine(_folder, "model.safetensors"));
        var noWeights = Parse(BertRecipes.Frozen, ("pretrained", _folder), ("max_length", "32")).Errors;
        Assert.Contains(noWeights, e => e.StartsWith("pretrained:") && e.Contains("model.safetensors"));
        // Counting parameters needs only config.json.
        Assert.NotNull(BertParameterSet.Parse(BertRecipes.Frozen, [new("pretrained", _folder), new("max_length", "32")], PretrainedCheck.ConfigOnly).Value);
    }

    [Fact]
    public void Values_round_trip_as_strings()
    {
        var p = Parse(BertRecipes.FineTune, ("pretrained", _folder), ("max_length", "48"), ("padding", "max_length"), ("optimizer", "adam")).Value!;
        var again = BertParameterSet.Parse(BertRecipes.FineTune, BertParameterSet.ToStrings(p)).Value!;
        Assert.Equal(p, again);
    }
}
