using System.Diagnostics;
using NewsClassifier.ML.Baseline;
using NewsClassifier.ML.Models;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Training.Bert;
using NewsClassifier.ML.Training.CustomTransformer;
using NewsClassifier.TestSupport;

namespace NewsClassifier.ML.Tests.Training;

/// <summary>Each family's size from its settings alone: the parameter count equals the built model's, and absurd shapes are sized without building.</summary>
public class ResourceSizingTests
{
    public ResourceSizingTests() => TestData.InitTorch();

    private static RecipeSettings Parse(string recipe, Dictionary<string, string>? overrides = null)
    {
        var parsed = RecipeCatalog.Parse(recipe, overrides);
        Assert.True(parsed.IsValid, string.Join(" ", parsed.Errors));
        return parsed.Value!;
    }

    [Theory]
    [InlineData("custom-lesson", "")]
    [InlineData("custom", "")]
    [InlineData("custom", "num_blocks=3,num_heads=3,key_dim=8,ff_dim=48,embed_dim=24,dense_units=7,vocab_size=3000,max_length=40")]
    public void The_custom_transformer_estimate_counts_exactly_the_parameters_of_the_built_model(string recipe, string overrides)
    {
        var settings = Parse(recipe, overrides.Length == 0 ? null : overrides.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]));
        var estimate = RecipeCatalog.Estimate(settings, classes: 4);
        var described = RecipeCatalog.Find(recipe).Describe(settings, 4);

        Assert.Equal(described.Summary.TotalParameters, estimate.Parameters);
        Assert.Equal(estimate.Parameters, estimate.TrainableParameters);
        if (recipe == "custom-lesson") Assert.Equal(659_592, estimate.Parameters); // the Keras reference
        // Training holds at least weights, gradients and Adam's two moments; loading at least the weights.
        Assert.True(estimate.TrainingBytes >= 16L * estimate.Parameters, $"{estimate.TrainingBytes} bytes to train");
        Assert.True(estimate.InferenceBytes >= 4L * estimate.Parameters && estimate.InferenceBytes < estimate.TrainingBytes);
        Assert.Equal($"batch 128 x {settings.Values["max_length"]} tokens", estimate.TrainingWorkload);
    }

    [Fact]
    public void The_issue_s_giant_model_is_sized_in_milliseconds_without_building_it()
    {
        var watch = Stopwatch.StartNew();
        var settings = Parse("custom", new() { ["embed_dim"] = "4096", ["num_heads"] = "64", ["key_dim"] = "1024", ["num_blocks"] = "48" });
        var estimate = RecipeCatalog.Estimate(settings, classes: 4);
        watch.Stop();

        // Per block: q, k, v and the output projection are 4096 x 65,536 each, so about 1.07 billion parameters a block.
        var config = settings.ParametersAs<HyperParameters>().ModelConfig(20_000, 4);
        Assert.Equal(CustomTransformerSizing.ParameterCount(config), estimate.Parameters);
        Assert.InRange(estimate.Parameters, 51_000_000_000L, 52_000_000_000L);
        Assert.True(estimate.TrainingBytes > 1L << 40, $"{estimate.TrainingBytes} bytes: more than a terabyte to train");
        Assert.True(watch.ElapsedMilliseconds < 1000, $"sizing took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void The_lsa_start_is_sized_where_its_blocks_outgrow_a_batch()
    {
        // A million words of width 8 in batches of 1: the LSA blocks (a million x 18, six times) dwarf the activations.
        var shape = new Dictionary<string, string> { ["vocab_size"] = "1000000", ["embed_dim"] = "8", ["key_dim"] = "8", ["ff_dim"] = "8", ["batch_size"] = "1", ["max_length"] = "8" };
        var lsa = RecipeCatalog.Estimate(Parse("custom", new(shape) { ["embedding_init"] = "lsa" }), classes: 4);
        var random = RecipeCatalog.Estimate(Parse("custom", new(shape) { ["embedding_init"] = "random" }), classes: 4);
        Assert.Equal(random.Parameters, lsa.Parameters);
        double extraElements = (lsa.TrainingBytes - random.TrainingBytes) / (double)(ModelSizing.FloatBytes * ModelSizing.SafetyFactor);
        Assert.InRange(extraElements, 0.9 * 1_000_000 * (8 + 6 * 18), 1_000_000 * (8 + 6 * 18));
    }

    [Fact]
    public void The_bert_estimate_counts_exactly_the_parameters_of_the_built_classifier()
    {
        foreach (var config in new[] { TinyCheckpoint.Config, BertConfig.SmallL4H128A2 })
        {
            using var model = new BertForSequenceClassification(config, 4);
            var built = ModelSummary.Of(model).TotalParameters;
            Assert.Equal(built, BertSizing.ParameterCount(config, 4));

            var frozen = BertSizing.Estimate(config, BertRecipes.Defaults(BertRecipes.Frozen), 4);
            var fineTune = BertSizing.Estimate(config, BertRecipes.Defaults(BertRecipes.FineTune), 4);
            Assert.Equal(built, frozen.Parameters);
            Assert.Equal(config.ClassifierParameterCount(4), frozen.TrainableParameters); // only the head trains
            Assert.Equal(built, fineTune.TrainableParameters);
            Assert.True(fineTune.TrainingBytes > frozen.TrainingBytes, "fine-tuning keeps the body's gradients, moments and activations");
        }
        // bert-base through the family, from a named shape: the count the Models area shows for it.
        var settings = RecipeCatalog.ParseForDescription(BertRecipes.SequenceClassification, null, "base").Value!;
        Assert.Equal(109_485_316, RecipeCatalog.Estimate(settings, 4, "base").Parameters);
    }

    [Fact]
    public void The_baseline_is_sized_from_its_feature_caps()
    {
        var estimate = RecipeCatalog.Estimate(Parse("tfidf-baseline"), classes: 4);
        Assert.Equal(2 * 100_000L * 4 + 4, estimate.Parameters); // word 1- and 2-grams, 100,000 kept of each
        Assert.Equal("200,000 TF-IDF features x 4 classes", estimate.TrainingWorkload);

        var widest = RecipeCatalog.Estimate(Parse("tfidf-baseline", new() { ["max_ngrams"] = "10000000", ["word_ngrams"] = "3", ["char_ngrams"] = "5" }), 4);
        Assert.Equal(80_000_000L, BaselineSizing.FeatureCount(Parse("tfidf-baseline", new() { ["max_ngrams"] = "10000000", ["word_ngrams"] = "3", ["char_ngrams"] = "5" }).ParametersAs<BaselineParameters>()));
        Assert.True(widest.TrainingBytes > 10L << 30, $"{widest.TrainingBytes} bytes for 80 million n-grams");
    }

    [Fact]
    public void A_bert_config_beyond_the_upper_bounds_is_refused_when_parsed()
    {
        var json = TinyCheckpoint.ConfigJson(TinyCheckpoint.Config with { NumHiddenLayers = 100_000 });
        var refused = Assert.Throws<InvalidDataException>(() => BertConfig.Parse(json));
        Assert.Equal("'num_hidden_layers' is 100,000, above the limit of 128 for a BERT checkpoint (no published BERT comes near it).", refused.Message);
        Assert.Contains("'vocab_size' is 2,000,000",
            Assert.Throws<InvalidDataException>(() => BertConfig.Parse(TinyCheckpoint.ConfigJson(TinyCheckpoint.Config with { VocabSize = 2_000_000 }))).Message);
    }
}
