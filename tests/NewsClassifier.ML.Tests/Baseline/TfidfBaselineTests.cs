using NewsClassifier.ML.Baseline;
using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.ML.Tests.Baseline;

public class TfidfBaselineTests
{
    private static RecipeSettings Settings(params (string Key, string Value)[] overrides)
    {
        var parsed = RecipeCatalog.Parse(Recipes.TfidfBaseline, overrides.Select(o => new KeyValuePair<string, string>(o.Key, o.Value)));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        return parsed.Value!;
    }

    private static TrainingResult Train(TrainingData data, RecipeSettings settings, ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var (train, validation) = StratifiedSplit.Split(data.Labels, settings.ValidationFraction, settings.Seed);
        return RecipeCatalog.Train(settings, data, train, validation, TestData.TempDirectory(), observer, cancellationToken);
    }

    [Fact]
    public void Fits_a_separable_set_and_reports_one_epoch()
    {
        var data = TestData.Articles(perClass: 40);
        var observer = new TrainingRecorder();
        var result = Train(data, Settings(("char_ngrams", "3")), observer);

        Assert.True(result.Best.ValidationAccuracy >= 0.95, $"validation accuracy {result.Best.ValidationAccuracy}");
        Assert.True(result.Best.TrainAccuracy >= 0.95, $"train accuracy {result.Best.TrainAccuracy}");
        Assert.True(result.Best.ValidationLoss > 0 && double.IsFinite(result.Best.ValidationLoss));
        var epoch = Assert.Single(observer.Epochs);
        Assert.Equal(result.Best, epoch);
        Assert.Contains(observer.Logs, l => l.StartsWith("epoch 1/1:"));

        // Featurizer + linear layer: features x classes weights + classes biases.
        var manifest = TfidfBaselineModel.ReadManifest(result.ModelDirectory);
        Assert.Equal(Recipes.TfidfBaseline, manifest.Recipe);
        Assert.Equal(TestData.LabelNames, manifest.LabelNames);
        Assert.Equal("3", manifest.HyperParameters["char_ngrams"]);
        Assert.True(manifest.FeatureCount > 0);
        Assert.Equal(["tfidf", "linear"], result.Summary.Layers.Select(l => l.Name));
        Assert.Equal((long)manifest.FeatureCount * 4 + 4, result.Summary["linear"]);
        Assert.Equal(result.Summary["linear"], result.Summary.TotalParameters);
    }

    [Fact]
    public void Same_seed_gives_the_same_model()
    {
        var data = TestData.Articles(perClass: 20);
        var a = Train(data, Settings(("seed", "5")));
        var b = Train(data, Settings(("seed", "5")));
        Assert.Equal(a.Best.ValidationLoss, b.Best.ValidationLoss);
        Assert.Equal(a.Best.TrainLoss, b.Best.TrainLoss);

        using var pa = RecipeCatalog.Load(a.ModelDirectory);
        using var pb = RecipeCatalog.Load(b.ModelDirectory);
        Assert.Equal(pa.PredictBatch(data.Texts).Select(p => p.Probabilities), pb.PredictBatch(data.Texts).Select(p => p.Probabilities));
    }

    [Fact]
    public void A_saved_model_predicts_the_same_after_loading_and_moving()
    {
        var data = TestData.Articles(perClass: 20);
        var result = Train(data, Settings());
        using var first = RecipeCatalog.Load(result.ModelDirectory);
        Assert.IsType<TfidfBaselinePredictor>(first);
        Assert.Equal(Recipes.TfidfBaseline, first.Recipe);

        var copy = TestData.TempDirectory();
        foreach (var file in Directory.GetFiles(result.ModelDirectory)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        using var second = RecipeCatalog.Load(copy);

        var batch = first.PredictBatch(data.Texts);
        var again = second.PredictBatch(data.Texts);
        Assert.Equal(batch.Select(p => p.Probabilities), again.Select(p => p.Probabilities));
        Assert.Equal(batch[3].Probabilities, first.Predict(data.Texts[3]).Probabilities);
        Assert.All(batch, p => Assert.Equal(1f, p.Probabilities.Sum(), 3));
        Assert.Equal("Sports", first.Predict("coach league season goal match").PredictedLabel);

        var (prediction, attention) = first.Explain("shares profit market");
        Assert.Null(attention);
        Assert.Equal("Business", prediction.PredictedLabel);
        Assert.Throws<ArgumentException>(() => first.Predict("  "));
        Assert.Throws<ArgumentException>(() => first.Predict("!!! ..."));
    }

    [Fact]
    public void Concurrent_callers_get_the_answers_of_serial_calls()
    {
        var data = TestData.Articles(perClass: 20);
        using var predictor = RecipeCatalog.Load(Train(data, Settings()).ModelDirectory);
        var serial = data.Texts.Select(t => predictor.Predict(t).Probabilities).ToArray();
        var parallel = new float[data.Texts.Count][];
        Parallel.For(0, data.Texts.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = predictor.Predict(data.Texts[i]).Probabilities);
        Assert.Equal(serial, parallel);
    }

    [Fact]
    public void Bad_parameters_are_refused_naming_each_key()
    {
        var parsed = RecipeCatalog.Parse(Recipes.TfidfBaseline, new Dictionary<string, string>
        {
            ["word_ngrams"] = "4", ["char_ngrams"] = "x", ["l2_regularization"] = "-1", ["max_iterations"] = "0",
            ["validation_fraction"] = "0.95", ["embed_dim"] = "8",
        });
        Assert.False(parsed.IsValid);
        Assert.Contains("word_ngrams: 4 is out of range (allowed: 1..3).", parsed.Errors);
        Assert.Contains("char_ngrams: 'x' is not an integer (allowed: 0..5).", parsed.Errors);
        Assert.Contains(parsed.Errors, e => e.StartsWith("l2_regularization: -1 is out of range"));
        Assert.Contains(parsed.Errors, e => e.StartsWith("max_iterations: 0 is out of range"));
        Assert.Contains(parsed.Errors, e => e.StartsWith("validation_fraction: 0.95 is out of range"));
        Assert.Contains(parsed.Errors, e => e.StartsWith("Unknown parameter 'embed_dim' for tfidf-baseline. Allowed: word_ngrams, char_ngrams"));
        Assert.Equal(6, parsed.Errors.Count);
    }

    [Fact]
    public void The_registry_knows_every_recipe_and_its_defaults()
    {
        Assert.Equal([Recipes.CustomLesson, Recipes.Custom, Recipes.TfidfBaseline, "bert-frozen", "bert-finetune", "bert-seqcls"], RecipeCatalog.Names);
        var defaults = RecipeCatalog.DefaultsAsStrings(Recipes.TfidfBaseline);
        Assert.Equal(RecipeCatalog.Parameters(Recipes.TfidfBaseline).Select(p => p.Key), defaults.Keys);
        Assert.Equal("2", defaults["word_ngrams"]);
        var settings = Settings();
        Assert.Equal(1, settings.Epochs);
        Assert.IsType<BaselineParameters>(settings.Parameters);

        var custom = RecipeCatalog.Parse(Recipes.Custom, new Dictionary<string, string> { ["epochs"] = "3" }).Value!;
        Assert.Equal(3, custom.Epochs);
        Assert.Equal(ParameterSet.ToStrings(custom.ParametersAs<HyperParameters>()), custom.Values);
        Assert.Contains("tfidf-baseline", RecipeCatalog.Parse("bert", []).Errors.Single());
    }

    [Fact]
    public void Cancellation_before_fitting_stops_the_run()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Train(TestData.Articles(perClass: 10), Settings(), cancellationToken: cts.Token));
    }

}
