using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Tests.Models.Bert;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Inference;

public sealed class BertPredictorTests : IDisposable
{
    private readonly TinyBertRunFolder _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public void Explain_gives_every_layer_and_head_over_the_word_pieces_and_a_rollout()
    {
        using var predictor = BertPredictor.Load(_run.Model);
        var (prediction, map) = predictor.Explain("The president said today.");

        Assert.Equal(["[CLS]", "the", "president", "said", "today", ".", "[SEP]"], map.Tokens);
        Assert.Equal(AttentionTokenKind.WordPieces, map.Kind);
        Assert.Equal(7, prediction.TokenCount);
        Assert.False(prediction.Truncated);
        Assert.Equal(BertFolderTests.TinyConfig.NumHiddenLayers, map.Heads.Length);
        Assert.All(map.Heads, layer =>
        {
            Assert.Equal(BertFolderTests.TinyConfig.NumAttentionHeads, layer.Length);
            Assert.All(layer, head =>
            {
                Assert.Equal(7, head.Length);
                Assert.All(head, row => { Assert.Equal(7, row.Length); Assert.Equal(1.0, row.Sum(), 4); });
            });
        });
        Assert.Equal(7, map.Rollout!.Length);
        Assert.All(map.Rollout, row => Assert.Equal(1.0, row.Sum(), 4));
        Assert.Equal(map.Rollout[0], map.TokenImportance());
        Assert.Equal(prediction.Probabilities, predictor.Predict("The president said today.").Probabilities);
    }

    [Fact]
    public void Rollout_is_the_product_of_renormalised_head_averages_with_the_identity()
    {
        using var a = tensor(new float[] { 0.5f, 0.5f, 1f, 0f }, [2, 2]);
        using var b = tensor(new float[] { 0f, 1f, 0.25f, 0.75f }, [2, 2]);
        using var rollout = BertPredictor.AttentionRollout([a, b]);
        // (A + I)/2 = [[.75,.25],[.5,.5]], (B + I)/2 = [[.5,.5],[.125,.875]]; rollout = B' x A'.
        var expected = new[] { 0.5f * 0.75f + 0.5f * 0.5f, 0.5f * 0.25f + 0.5f * 0.5f, 0.125f * 0.75f + 0.875f * 0.5f, 0.125f * 0.25f + 0.875f * 0.5f };
        var actual = rollout.data<float>().ToArray();
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], actual[i], 6);
    }

    [Fact]
    public void Long_articles_are_cut_with_the_flag_and_empty_ones_refused()
    {
        using var predictor = BertPredictor.Load(_run.Model);
        var longText = string.Join(' ', Enumerable.Repeat("the market said", 20));
        var prediction = predictor.Predict(longText);
        Assert.True(prediction.Truncated);
        Assert.Equal(16, prediction.TokenCount);
        var (_, map) = predictor.Explain(longText);
        Assert.Equal("[SEP]", map.Tokens[^1]);
        Assert.Equal(16, map.Tokens.Count);

        Assert.Throws<ArgumentException>(() => predictor.Predict("   "));
        Assert.Throws<ArgumentException>(() => predictor.PredictBatch(["fine", ""]));
    }

    [Fact]
    public void A_batch_predicts_what_single_articles_do()
    {
        using var predictor = BertPredictor.Load(_run.Model);
        var texts = TestData.Articles(perClass: 3).Texts;
        var batch = predictor.PredictBatch(texts, batchSize: 5);
        for (int i = 0; i < texts.Count; i++)
        {
            var single = predictor.Predict(texts[i]);
            Assert.Equal(single.PredictedIndex, batch[i].PredictedIndex);
            for (int k = 0; k < 4; k++) Assert.Equal(single.Probabilities[k], batch[i].Probabilities[k], 5);
        }
        Parallel.For(0, 4, _ => Assert.Equal(batch[0].PredictedIndex, predictor.Predict(texts[0]).PredictedIndex));
    }
}
