using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.ML.Tests.Training;

public class ParameterSetTests
{
    [Fact]
    public void Lesson_recipe_is_the_lesson()
    {
        var result = ParameterSet.Parse(Recipes.CustomLesson, new Dictionary<string, string>());
        Assert.True(result.IsValid);
        var h = result.Value!;
        Assert.Equal((20000, 256, 32, 2, 32, 32, 0.1, 1, 20), (h.Shape.VocabSize, h.Shape.MaxLength, h.Shape.EmbedDim, h.Shape.NumHeads, h.Shape.KeyDim, h.Shape.FfDim, h.Shape.Dropout, h.Shape.NumBlocks, h.Shape.DenseUnits));
        Assert.Equal((OptimizerKind.Adam, 1e-3, 128, 1), (h.Optimizer, h.LearningRate, h.BatchSize, h.Epochs));
        Assert.False(h.Shape.MaskPadding);
        Assert.False(h.BucketByLength);
        Assert.Equal(LearningRateSchedule.Constant, h.Schedule);
        Assert.Equal(EmbeddingInit.Random, h.EmbeddingInit);
    }

    [Fact]
    public void Custom_starts_its_embeddings_from_lsa_and_random_is_a_choice()
    {
        Assert.Equal(EmbeddingInit.Lsa, HyperParameters.Defaults(Recipes.Custom).EmbeddingInit);
        var result = ParameterSet.Parse(Recipes.Custom, "embedding_init=random");
        Assert.Equal(EmbeddingInit.Random, result.Value!.EmbeddingInit);
        Assert.Equal("random", ParameterSet.ToStrings(result.Value)["embedding_init"]);
        Assert.Contains("random|lsa", ParameterSet.Parse(Recipes.Custom, "embedding_init=glove").Errors.Single());
    }

    [Fact]
    public void Overrides_are_typed()
    {
        var result = ParameterSet.Parse(Recipes.Custom, "optimizer=sgd, learning_rate=0.05; epochs=3\nmask_padding=false,lr_schedule=Linear,monitor=val_accuracy");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(OptimizerKind.Sgd, result.Value!.Optimizer);
        Assert.Equal(0.05, result.Value.LearningRate);
        Assert.Equal(3, result.Value.Epochs);
        Assert.False(result.Value.Shape.MaskPadding);
        Assert.Equal(LearningRateSchedule.Linear, result.Value.Schedule);
        Assert.Equal(MonitorMetric.ValAccuracy, result.Value.Monitor);
        Assert.Equal("val_accuracy", ParameterSet.ToStrings(result.Value)["monitor"]);
        Assert.Contains("val_loss|val_accuracy", ParameterSet.Parse(Recipes.Custom, "monitor=loss").Errors.Single());
    }

    [Fact]
    public void Every_bad_value_is_reported_with_its_key_and_range()
    {
        var result = ParameterSet.Parse(Recipes.Custom, new Dictionary<string, string>
        {
            ["batch_size"] = "0", ["dropout"] = "abc", ["optimizer"] = "rmsprop", ["colour"] = "red", ["validation_fraction"] = "0.95",
        });
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Contains(result.Errors, e => e.StartsWith("batch_size:") && e.Contains("1..8192"));
        Assert.Contains(result.Errors, e => e.StartsWith("dropout:") && e.Contains("'abc'"));
        Assert.Contains(result.Errors, e => e.StartsWith("optimizer:") && e.Contains("adam|adamw|sgd"));
        Assert.Contains(result.Errors, e => e.Contains("Unknown parameter 'colour'") && e.Contains("learning_rate"));
        Assert.Contains(result.Errors, e => e.StartsWith("validation_fraction:") && e.Contains("0.01..0.9"));
        Assert.Equal(5, result.Errors.Count);
    }

    [Fact]
    public void Unknown_recipe_and_malformed_pairs()
    {
        Assert.Contains("custom-lesson", ParameterSet.Parse("bert", "").Errors.Single());
        Assert.Contains(ParameterSet.Parse(Recipes.Custom, "epochs").Errors, e => e.Contains("not key=value"));
    }

    [Fact]
    public void Strings_round_trip()
    {
        var h = ParameterSet.Parse(Recipes.Custom, "learning_rate=0.0042,weight_decay=0.03").Value!;
        var again = ParameterSet.Parse(Recipes.CustomLesson, ParameterSet.ToStrings(h).Where(kv => true)).Value!;
        Assert.Equal(h with { Recipe = Recipes.CustomLesson }, again);
    }

    [Fact]
    public void Learning_rate_schedule_warms_up_then_decays()
    {
        var h = new HyperParameters { WarmupFraction = 0.1, Schedule = LearningRateSchedule.Cosine };
        Assert.Equal(0.1, Trainer.LearningRateFactor(h, 0, 100), 9);
        Assert.Equal(1.0, Trainer.LearningRateFactor(h, 9, 100), 9);
        Assert.Equal(1.0, Trainer.LearningRateFactor(h, 10, 100), 9);
        Assert.Equal(0.5, Trainer.LearningRateFactor(h, 55, 100), 9);
        Assert.True(Trainer.LearningRateFactor(h, 99, 100) < 0.01);
        Assert.Equal(1.0, Trainer.LearningRateFactor(new HyperParameters(), 50, 100));
    }
}
