using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.ML.Tests.Inference;

public class PredictorTests : IClassFixture<PredictorTests.TrainedModel>
{
    public sealed class TrainedModel : IDisposable
    {
        public TrainedModel()
        {
            TestData.InitTorch();
            var hp = TestData.TinyHyperParameters(Recipes.Custom, ("epochs", "15"), ("dropout", "0"), ("token_dropout", "0"));
            Directory = Trainer.Train(TestData.Articles(perClass: 12), hp, TestData.TempDirectory()).ModelDirectory;
            Predictor = CustomTransformerPredictor.Load(Directory);
        }
        public string Directory { get; }
        public CustomTransformerPredictor Predictor { get; }
        public void Dispose() => Predictor.Dispose();
    }

    private readonly CustomTransformerPredictor _predictor;

    public PredictorTests(TrainedModel model) => _predictor = model.Predictor;

    [Fact]
    public void Predicts_probabilities_that_sum_to_one()
    {
        var p = _predictor.Predict("The coach praised the league goal this season");
        Assert.Equal(4, p.Probabilities.Length);
        Assert.Equal(1f, p.Probabilities.Sum(), 4);
        Assert.Equal("Sports", p.PredictedLabel);
        Assert.False(p.Truncated);
        Assert.Equal(8, p.TokenCount);
    }

    [Fact]
    public void Batch_predictions_equal_single_predictions_in_input_order()
    {
        string[] texts = ["bank profit", "the president signed a treaty after the war in the new report", "chip", "goal"];
        var batch = _predictor.PredictBatch(texts, batchSize: 3);
        for (int i = 0; i < texts.Length; i++)
        {
            var single = _predictor.Predict(texts[i]).Probabilities;
            for (int k = 0; k < 4; k++) Assert.Equal(single[k], batch[i].Probabilities[k], 5);
        }
    }

    [Fact]
    public void Explain_returns_attention_per_head_and_averaged_over_the_articles_tokens()
    {
        var e = _predictor.Explain("Shares rose as the bank reported record earnings");
        Assert.Equal(["shares", "rose", "as", "the", "bank", "reported", "record", "earnings"], e.Attention.Tokens);
        Assert.Single(e.Attention.Heads);                 // one block
        Assert.Equal(2, e.Attention.Heads[0].Length);     // two heads
        Assert.Equal(8, e.Attention.Heads[0][0].Length);  // T x T over the tokens
        Assert.All(e.Attention.Heads[0][1], row => Assert.Equal(1f, row.Sum(), 4)); // masked model: rows are distributions
        Assert.Equal((e.Attention.Heads[0][0][2][5] + e.Attention.Heads[0][1][2][5]) / 2, e.Attention.Averaged[0][2][5], 5);
        Assert.Equal(1f, e.Attention.TokenImportance().Sum(), 4);
    }

    [Fact]
    public void A_subword_model_explains_and_attributes_its_word_pieces()
    {
        var hp = TestData.TinyHyperParameters(Recipes.Custom, ("subwords", "true"), ("vocab_size", "120"), ("max_length", "32"));
        var directory = Trainer.Train(TestData.Articles(perClass: 12), hp, TestData.TempDirectory()).ModelDirectory;
        using var predictor = CustomTransformerPredictor.Load(directory);
        const string text = "Footballers praised the leagues";

        var pieces = predictor.Vectorizer.Tokens(text).ToArray();
        Assert.True(predictor.Vectorizer.UsesSubwords);
        Assert.True(pieces.Length > 4, string.Join(" ", pieces));
        Assert.Contains(pieces, p => p.StartsWith("##", StringComparison.Ordinal));
        Assert.Equal(pieces, predictor.Explain(text).Attention.Tokens);
        Assert.Equal(pieces, predictor.Attribute(text, steps: 8).Tokens);
        Assert.Equal(pieces.Length, predictor.Predict(text).TokenCount);
    }

    [Fact]
    public void Long_text_is_truncated_with_a_flag_and_empty_text_is_refused()
    {
        var p = _predictor.Predict(string.Join(' ', Enumerable.Repeat("market", 40)));
        Assert.True(p.Truncated);
        Assert.Equal(16, p.TokenCount);
        Assert.Equal(16, _predictor.Explain(string.Join(' ', Enumerable.Repeat("market", 40))).Attention.Tokens.Count);

        Assert.Throws<ArgumentException>(() => _predictor.Predict(""));
        Assert.Throws<ArgumentException>(() => _predictor.Predict("   "));
        Assert.Throws<ArgumentException>(() => _predictor.Predict("?!..."));
        var error = Assert.Throws<ArgumentException>(() => _predictor.PredictBatch(["goal", ""]));
        Assert.Equal("texts[1]", error.ParamName);
    }

    [Fact]
    public async Task Concurrent_callers_get_the_same_answers()
    {
        string[] texts = ["coach goal", "software research", "market shares", "war minister"];
        var expected = texts.Select(t => _predictor.Predict(t).Probabilities).ToArray();
        var tasks = Enumerable.Range(0, 40).Select(i => Task.Run(() => (i % 4, _predictor.Predict(texts[i % 4]).Probabilities)));
        foreach (var (index, probabilities) in await Task.WhenAll(tasks))
            Assert.Equal(expected[index], probabilities);
    }
}
