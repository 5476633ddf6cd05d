using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.ML.Tests.Checkpoints;

public class ModelCheckpointTests
{
    public ModelCheckpointTests() => TestData.InitTorch();

    [Fact]
    public void Trained_model_folder_round_trips_to_the_same_predictions()
    {
        var data = TestData.Articles(perClass: 10);
        var hp = TestData.TinyHyperParameters(Recipes.Custom, ("epochs", "2"));
        var result = Trainer.Train(data, hp, TestData.TempDirectory());

        var manifest = ModelCheckpoint.ReadManifest(result.ModelDirectory);
        Assert.Equal(TestData.LabelNames, manifest.LabelNames);
        Assert.Equal(Recipes.Custom, manifest.Recipe);
        Assert.Equal("adamw", manifest.HyperParameters["optimizer"]);
        Assert.True(manifest.Model.MaskPadding);

        using var first = CustomTransformerPredictor.Load(result.ModelDirectory);
        var copy = TestData.TempDirectory();
        foreach (var f in Directory.GetFiles(result.ModelDirectory)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        using var second = CustomTransformerPredictor.Load(copy);

        var a = first.PredictBatch(data.Texts);
        var b = second.PredictBatch(data.Texts);
        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Probabilities, b[i].Probabilities);
        Assert.Equal(manifest.Model, second.Config);
    }

    [Fact]
    public void Missing_or_foreign_folder_is_a_clear_error()
    {
        var dir = TestData.TempDirectory();
        var missing = Assert.Throws<FileNotFoundException>(() => ModelCheckpoint.Load(dir));
        Assert.Contains($"No {ModelCheckpoint.ConfigFile} in model folder", missing.Message);
        File.WriteAllText(Path.Combine(dir, ModelCheckpoint.ConfigFile), """{"format":"something-else"}""");
        // Not one of our manifests: refused while reading it, naming what is missing.
        var foreign = Assert.Throws<System.Text.Json.JsonException>(() => ModelCheckpoint.Load(dir));
        Assert.Contains("missing required properties including: 'model'", foreign.Message);
    }
}
