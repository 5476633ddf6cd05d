using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Tests.Models.Bert;
using NewsClassifier.ML.Training.Bert;
using TorchSharp.Modules;

namespace NewsClassifier.ML.Tests.Training.Bert;

public class BertOptimizationTests
{
    public BertOptimizationTests() => TestData.InitTorch();

    [Fact]
    public void Linear_schedule_warms_up_then_decays_to_zero()
    {
        // 100 optimizer steps, warm-up 10 % = 10 steps (int(0.1 * 100)).
        int warmup = BertOptimization.WarmupSteps(0.1, 100);
        Assert.Equal(10, warmup);
        double F(int step) => BertOptimization.LearningRateFactor(BertSchedule.Linear, warmup, 100, step);
        Assert.Equal(0.0, F(0));            // first step: 0 / 10
        Assert.Equal(0.5, F(5));            // 5 / 10
        Assert.Equal(1.0, F(10));           // end of warm-up: (100 - 10) / 90
        Assert.Equal(0.5, F(55), 12);       // middle of the decay: 45 / 90
        Assert.Equal(1.0 / 90, F(99), 12);  // last step: 1 / 90
        Assert.Equal(0.0, F(100));

        Assert.Equal(7, BertOptimization.WarmupSteps(0.1, 75)); // rounded down as the lesson's int(...)
        Assert.Equal(1.0, BertOptimization.LearningRateFactor(BertSchedule.Constant, 0, 10, 0));
        Assert.Equal(0.25, BertOptimization.LearningRateFactor(BertSchedule.Constant, 4, 10, 1));
        Assert.Equal(1.0, BertOptimization.LearningRateFactor(BertSchedule.Constant, 4, 10, 9));
    }

    [Fact]
    public void AdamW_decays_weights_but_not_biases_or_layer_norm()
    {
        Assert.True(BertOptimization.DecaysWeight("bert.encoder.layer.0.attention.self.query.weight"));
        Assert.True(BertOptimization.DecaysWeight("bert.embeddings.word_embeddings.weight"));
        Assert.True(BertOptimization.DecaysWeight("classifier.weight"));
        Assert.False(BertOptimization.DecaysWeight("classifier.bias"));
        Assert.False(BertOptimization.DecaysWeight("bert.embeddings.LayerNorm.weight"));
        Assert.False(BertOptimization.DecaysWeight("bert.encoder.layer.1.output.LayerNorm.weight"));
        Assert.False(BertOptimization.DecaysWeight("bert.encoder.layer.1.output.LayerNorm.bias"));

        using var model = new BertForSequenceClassification(BertFolderTests.TinyConfig, 4);
        var p = new BertParameters { Optimizer = BertOptimizer.AdamW, WeightDecay = 0.01, LearningRate = 3e-5 };
        using var optimizer = BertOptimization.Create(model, p);
        var groups = optimizer.ParamGroups.Cast<AdamW.ParamGroup>().ToList();
        Assert.Equal(2, groups.Count);
        Assert.Equal(0.01, groups[0].Options.weight_decay);
        Assert.Equal(0.0, groups[1].Options.weight_decay);
        var names = model.named_parameters().ToList();
        int decayed = names.Count(n => BertOptimization.DecaysWeight(n.name));
        Assert.Equal(decayed, groups[0].Parameters.Count());
        Assert.Equal(names.Count - decayed, groups[1].Parameters.Count());
        // 2 layers x (q, k, v, attention output, intermediate, output) + 3 embeddings + pooler + classifier weights.
        Assert.Equal(2 * 6 + 3 + 1 + 1, decayed);

        // A frozen body leaves only the head to the optimiser.
        model.Bert.SetTrainable(false);
        using var headOnly = BertOptimization.Create(model, p);
        Assert.Equal(2, headOnly.ParamGroups.Cast<AdamW.ParamGroup>().Sum(g => g.Parameters.Count()));
    }
}
