using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Tests.Schedules;

/// <summary>The gate's decisions on hand-made prediction tables (two classes, "a" = 0 and "b" = 1).</summary>
public class PromotionGateTests
{
    private static readonly string[] Labels = ["a", "b"];

    /// <summary>20 articles, 10 of each class; the champion gets <paramref name="championWrong"/> wrong and the challenger
    /// <paramref name="challengerWrong"/> (indices into the articles).</summary>
    private static (int[] Truth, int[] Champion, int[] Challenger) Table(int[] championWrong, int[] challengerWrong)
    {
        var truth = Enumerable.Range(0, 20).Select(i => i < 10 ? 0 : 1).ToArray();
        int[] Answers(int[] wrong) => truth.Select((t, i) => wrong.Contains(i) ? 1 - t : t).ToArray();
        return (truth, Answers(championWrong), Answers(challengerWrong));
    }

    [Fact]
    public void A_clearly_better_challenger_passes_with_the_exact_p_value_of_its_disagreements()
    {
        // Champion wrong on 7 articles (both classes), challenger wrong on none: b = 0, c = 7, p = 2/128.
        var (truth, champion, challenger) = Table([0, 1, 2, 10, 11, 12, 13], []);

        var d = PromotionGate.Decide(new GateSettings(), truth, Labels, "challenger", challenger, "champion", champion);

        Assert.True(d.Passed, d.Reason);
        Assert.Equal((0, 7), (d.ChampionOnly, d.ChallengerOnly));
        Assert.Equal(2.0 / 128, d.PValue!.Value, 12);
        Assert.Equal(1.0, d.Challenger.Accuracy);
        Assert.Equal(13.0 / 20, d.Champion!.Accuracy, 12);
    }

    [Fact]
    public void A_gain_that_is_not_significant_is_rejected_and_says_why()
    {
        // Champion wrong on 2, challenger on 0: +10 points but b = 0, c = 2 gives p = 0.5.
        var (truth, champion, challenger) = Table([0, 10], []);

        var d = PromotionGate.Decide(new GateSettings(), truth, Labels, "challenger", challenger, "champion", champion);

        Assert.False(d.Passed);
        Assert.Equal(0.5, d.PValue!.Value, 12);
        Assert.Contains("not significant (McNemar p = 0.5 on 2 disagreements, needs p < 0.05)", d.Reason);
    }

    [Fact]
    public void Identical_predictions_are_a_tie_and_keep_the_champion()
    {
        var (truth, champion, _) = Table([0, 10, 11], []);

        var d = PromotionGate.Decide(new GateSettings(), truth, Labels, "challenger", champion, "champion", champion);

        Assert.False(d.Passed);
        Assert.Equal(1.0, d.PValue);
        Assert.Contains("accuracy changed by 0.00 points (needs at least +0.50 points)", d.Reason);
    }

    [Fact]
    public void A_class_whose_F1_falls_too_far_blocks_a_gain_in_accuracy()
    {
        // Champion wrong on 6 b articles: accuracy 0.70, F1(a) = 2*0.625/1.625 = 0.7692, F1(b) = 2*0.4/1.4 = 0.5714.
        // Challenger wrong on 5 a articles: accuracy 0.75, F1(a) = 2*0.5/1.5 = 0.6667 (-10.26 points), F1(b) = 0.8.
        var (truth, champion, challenger) = Table([10, 11, 12, 13, 14, 15], [0, 1, 2, 3, 4]);
        var gate = new GateSettings { Alpha = 1, MinGain = 0, MaxClassDrop = 0.05 };

        var d = PromotionGate.Decide(gate, truth, Labels, "challenger", challenger, "champion", champion);

        Assert.False(d.Passed);
        Assert.Equal(0.75, d.Challenger.Accuracy, 12);
        Assert.Equal("Kept the champion: F1 of 'a' fell by +10.26 points (at most +5.00 points allowed).", d.Reason);
        // The same change is allowed when the class may fall by 11 points.
        Assert.True(PromotionGate.Decide(new GateSettings { Alpha = 1, MinGain = 0, MaxClassDrop = 0.11 }, truth, Labels, "challenger", challenger, "champion", champion).Passed);
    }

    [Fact]
    public void The_first_challenger_must_beat_always_answering_the_most_frequent_class()
    {
        var truth = new[] { 0, 0, 0, 1 };

        var constant = PromotionGate.Decide(new GateSettings(), truth, Labels, "challenger", [0, 0, 0, 0], null, null);
        var good = PromotionGate.Decide(new GateSettings(), truth, Labels, "challenger", [0, 0, 0, 1], null, null);

        Assert.False(constant.Passed);
        Assert.Contains("does not beat always answering the most frequent class (0.7500)", constant.Reason);
        Assert.True(good.Passed);
        Assert.Null(good.Champion);
        Assert.Null(good.PValue);
    }

    [Fact]
    public void Macro_F1_can_be_the_metric_and_a_gain_exactly_at_the_minimum_passes()
    {
        // 20 articles: champion wrong on 2 of class a; challenger perfect. Accuracy gain exactly 0.10.
        var (truth, champion, challenger) = Table([0, 1], []);
        var gate = new GateSettings { Metric = GateMetric.Accuracy, MinGain = 0.10, Alpha = 1 };

        Assert.True(PromotionGate.Decide(gate, truth, Labels, "c", challenger, "p", champion).Passed);
        Assert.False(PromotionGate.Decide(new GateSettings { Metric = GateMetric.MacroF1, MinGain = 0.11, Alpha = 1 }, truth, Labels, "c", challenger, "p", champion).Passed);
    }
}
