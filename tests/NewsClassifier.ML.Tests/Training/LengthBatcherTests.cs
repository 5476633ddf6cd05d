using NewsClassifier.ML.Models.Bert;
using NewsClassifier.ML.Training.Bert;
using NewsClassifier.TestSupport;

namespace NewsClassifier.ML.Tests.Training;

public sealed class LengthBatcherTests
{
    private static int PadTo8(int tokens) => BertInputs.PaddedLength(tokens, 128);

    [Fact]
    public void A_token_budget_cuts_length_sorted_passes_that_each_fit_it()
    {
        int[] lengths = [60, 10, 5, 30, 10, 128, 3];
        var passes = LengthBatcher.ByTokens([0, 1, 2, 3, 4, 5, 6], lengths, maxTokens: 64, PadTo8);

        // Sorted: 3, 5, 10, 10 (padded 8, 8, 16, 16: 4 x 16 = 64 fits), then 30 (32), 60 (64), 128 (alone, over the budget).
        Assert.Equal([[6, 2, 1, 4], [3], [0], [5]], passes);
        Assert.All(passes.Where(p => p.Length > 1), p => Assert.True(p.Length * PadTo8(p.Max(i => lengths[i])) <= 64));
    }

    [Fact]
    public void Without_a_long_article_a_large_budget_keeps_one_pass()
    {
        int[] lengths = [20, 21, 22, 23];
        Assert.Single(LengthBatcher.ByTokens([3, 2, 1, 0], lengths, maxTokens: 4 * 24, PadTo8));
        Assert.Equal(2, LengthBatcher.ByTokens([3, 2, 1, 0], lengths, maxTokens: 4 * 24 - 1, PadTo8).Count);
    }

    [Fact]
    public void A_token_budget_bounds_the_memory_estimate_and_is_refused_below_max_length()
    {
        var config = TinyCheckpoint.Config;
        var whole = BertRecipes.Defaults(BertRecipes.FineTune) with { MaxLength = 128 };
        var budget = whole with { MaxTokens = 512 };
        Assert.Equal(4, budget.LargestPass);
        Assert.True(BertSizing.Estimate(config, budget, 4).TrainingBytes < BertSizing.Estimate(config, whole, 4).TrainingBytes);
        Assert.Equal(whole.BatchSize, (whole with { MaxTokens = 1 << 20 }).LargestPass);

        var (value, errors) = BertParameterSet.Parse(BertRecipes.FineTune, [new("max_length", "128"), new("max_tokens", "100")], PretrainedCheck.None);
        Assert.Null(value);
        Assert.Equal(["max_tokens: 100 is below max_length (128): one article must fit in a pass (0 turns the budget off)."], errors);
    }
}
