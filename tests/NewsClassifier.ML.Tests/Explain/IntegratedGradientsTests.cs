using NewsClassifier.ML.Explain;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Models;
using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Tests.Inference;
using NewsClassifier.ML.Training.Bert;
using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.ML.Tests.Explain;

public class IntegratedGradientsTests : IClassFixture<PredictorTests.TrainedModel>
{
    private const string Article = "Shares rose as the bank reported record earnings";

    private readonly CustomTransformerPredictor _predictor;

    public IntegratedGradientsTests(PredictorTests.TrainedModel model) => _predictor = model.Predictor;

    [Fact]
    public void Custom_attributions_have_one_finite_score_per_token_for_the_predicted_class_and_repeat_exactly()
    {
        var a = _predictor.Attribute(Article);
        Assert.Equal(["shares", "rose", "as", "the", "bank", "reported", "record", "earnings"], a.Tokens);
        Assert.Equal(a.Tokens.Count, a.Scores.Length);
        Assert.All(a.Scores, s => Assert.True(float.IsFinite(s)));
        Assert.Equal(_predictor.Predict(Article).PredictedIndex, a.TargetIndex);
        Assert.Equal(IntegratedGradients.DefaultSteps, a.Steps);
        Assert.Equal(a.Scores, _predictor.Attribute(Article).Scores);
        Assert.Equal(a.Tokens, _predictor.Explain(Article).Attention.Tokens);
    }

    [Theory]
    [InlineData(Article)]
    [InlineData("The coach praised the league goal this season")]
    public void Integrated_gradients_add_up_to_the_change_in_log_probability(string text)
    {
        var a = _predictor.Attribute(text, steps: 128);
        Assert.True(Math.Abs(a.Delta) > 0.05, $"The article should move the prediction away from the baseline (delta {a.Delta}).");
        Assert.True(a.CompletenessGap <= 0.02 * Math.Abs(a.Delta) + 1e-3, $"sum {a.Scores.Sum()} vs delta {a.Delta}");
        // The default 16 steps stay close enough to show the same ranking's top token.
        Assert.Equal(a.Ranked()[0], _predictor.Attribute(text).Ranked()[0]);
    }

    [Fact]
    public void An_unmasked_lesson_model_scores_only_the_articles_own_tokens_and_adds_up()
    {
        // custom-lesson reads every article padded to max_length; the padding is the same in the baseline, so it is not scored.
        var hp = TestData.TinyHyperParameters(Recipes.CustomLesson, ("epochs", "3"), ("dropout", "0"));
        var directory = Trainer.Train(TestData.Articles(perClass: 8), hp, TestData.TempDirectory()).ModelDirectory;
        using var lesson = CustomTransformerPredictor.Load(directory);
        Assert.False(lesson.Config.MaskPadding);

        var a = lesson.Attribute("bank profit rose", steps: 128);
        Assert.Equal(["bank", "profit", "rose"], a.Tokens);
        Assert.Equal(3, a.Scores.Length);
        Assert.True(a.CompletenessGap <= 0.02 * Math.Abs(a.Delta) + 1e-3, $"sum {a.Scores.Sum()} vs delta {a.Delta}");
    }

    [Fact]
    public void Passes_of_a_few_steps_give_what_one_pass_of_all_steps_gives()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var ids = TorchSharp.torch.tensor(new long[] { 5, 9, 13, 2 }, [1, 4]);
        var model = new CustomTransformerClassifier(TestData.TinyConfig(maskPadding: true), seed: 3);
        model.eval();
        using var noGrad = TorchSharp.torch.no_grad();
        var input = model.TokenEmbeddings(ids)[0];
        var baseline = TorchSharp.torch.zeros_like(input);
        var one = IntegratedGradients.Compute(p => model.LogitsFromTokenEmbeddings(p, null), input, baseline, steps: 16, stepsPerPass: 16);
        var several = IntegratedGradients.Compute(p => model.LogitsFromTokenEmbeddings(p, null), input, baseline, steps: 16, stepsPerPass: 3);
        Assert.Equal(one.Target, several.Target);
        for (int t = 0; t < 4; t++) Assert.Equal(one.Scores[t], several.Scores[t], 5);
    }

    [Fact]
    public void A_model_that_keys_on_one_word_gives_that_word_the_top_score()
    {
        // Four classes, each given away by one key word among random filler: the key word is all there is to learn.
        string[] keys = ["alpha", "bravo", "charlie", "delta"];
        string[] filler = ["the", "a", "on", "in", "new", "said", "today", "after", "report", "big"];
        var random = new Random(11);
        var texts = new List<string>();
        var labels = new List<int>();
        for (int i = 0; i < 40; i++)
            for (int c = 0; c < keys.Length; c++)
            {
                var words = Enumerable.Range(0, random.Next(4, 10)).Select(_ => filler[random.Next(filler.Length)]).ToList();
                words.Insert(random.Next(words.Count + 1), keys[c]);
                texts.Add(string.Join(' ', words));
                labels.Add(c);
            }
        var hp = TestData.TinyHyperParameters(Recipes.Custom, ("epochs", "20"), ("dropout", "0"), ("token_dropout", "0"), ("seed", "5"));
        var directory = Trainer.Train(new TrainingData(texts, labels, TestData.LabelNames), hp, TestData.TempDirectory()).ModelDirectory;
        using var predictor = CustomTransformerPredictor.Load(directory);

        foreach (var (text, key) in new[] { ("the new report said charlie today after", "charlie"), ("bravo in the big report", "bravo") })
        {
            var a = predictor.Attribute(text);
            Assert.Equal(Array.IndexOf(keys, key), a.TargetIndex);
            Assert.Equal(key, a.Tokens[a.Ranked()[0]]);
            Assert.True(a.Scores[a.Ranked()[0]] > 0);
        }
    }

    [Fact]
    public void Steps_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _predictor.Attribute(Article, steps: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => _predictor.Attribute(Article, steps: IntegratedGradients.MaxSteps + 1));
        Assert.Throws<ArgumentException>(() => _predictor.Attribute("?!"));
    }

    [Fact]
    public void Attribution_passes_are_sized_to_the_inference_budget()
    {
        var lesson = CustomTransformerConfig.Lesson;
        Assert.InRange(CustomTransformerSizing.AttributionStepsPerPass(lesson, lesson.MaxLength), 1, IntegratedGradients.MaxSteps);
        Assert.True(CustomTransformerSizing.AttributionStepsPerPass(lesson, 8) >= CustomTransformerSizing.AttributionStepsPerPass(lesson, lesson.MaxLength));
        // bert-base at 512 tokens: one path per pass is all the counted activations hold.
        var bertBase = new BertConfig { HiddenSize = 768, NumHiddenLayers = 12, NumAttentionHeads = 12, IntermediateSize = 3072 };
        Assert.Equal(1, BertSizing.AttributionStepsPerPass(bertBase, 512, 512));
        Assert.True(BertSizing.AttributionStepsPerPass(bertBase, 512, 16) > 1);
    }
}

public sealed class BertIntegratedGradientsTests : IDisposable
{
    private readonly TinyBertRunFolder _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public void Bert_attributions_cover_the_word_pieces_leave_cls_and_sep_at_zero_and_add_up()
    {
        using var predictor = BertPredictor.Load(_run.Model);
        const string text = "The president said today.";
        var a = predictor.Attribute(text, steps: 128);

        Assert.Equal(["[CLS]", "the", "president", "said", "today", ".", "[SEP]"], a.Tokens);
        Assert.Equal(7, a.Scores.Length);
        Assert.All(a.Scores, s => Assert.True(float.IsFinite(s)));
        Assert.Equal(0f, a.Scores[0]);
        Assert.Equal(0f, a.Scores[^1]);
        Assert.Equal(predictor.Predict(text).PredictedIndex, a.TargetIndex);
        Assert.True(a.CompletenessGap <= 0.02 * Math.Abs(a.Delta) + 1e-3, $"sum {a.Scores.Sum()} vs delta {a.Delta}");
        Assert.Equal(predictor.Attribute(text).Scores, predictor.Attribute(text).Scores);
    }
}
