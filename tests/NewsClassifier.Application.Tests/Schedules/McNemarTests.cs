using NewsClassifier.Application.Schedules;

namespace NewsClassifier.Application.Tests.Schedules;

/// <summary>The exact McNemar p-value against binomial tables computed by hand.</summary>
public class McNemarTests
{
    [Theory]
    // b=1, c=9: n=10, P(X<=1) = (C(10,0)+C(10,1))/2^10 = 11/1024; two-sided 22/1024.
    [InlineData(1, 9, 22.0 / 1024)]
    [InlineData(9, 1, 22.0 / 1024)]
    // b=0, c=6: P(X<=0) = 1/64; two-sided 2/64.
    [InlineData(0, 6, 2.0 / 64)]
    // b=2, c=8: (1+10+45)/1024 = 56/1024; two-sided 112/1024.
    [InlineData(2, 8, 112.0 / 1024)]
    // b=c: the tail holds at least half the mass, so p is capped at 1.
    [InlineData(5, 5, 1.0)]
    [InlineData(0, 0, 1.0)]
    // b=0, c=1: 2 * 1/2 = 1.
    [InlineData(0, 1, 1.0)]
    public void Matches_the_hand_computed_binomial_tail(int b, int c, double expected)
    {
        Assert.Equal(expected, McNemar.ExactPValue(b, c), 12);
    }

    [Fact]
    public void Stays_finite_and_close_to_the_normal_approximation_for_thousands_of_disagreements()
    {
        // 0.5^1060 underflows a double; the log-space sum must not. Normal approximation with continuity correction:
        // z = (|560-500| - 1) / sqrt(1060) = 1.812, two-sided p = 0.070.
        double p = McNemar.ExactPValue(500, 560);
        Assert.InRange(p, 0.065, 0.075);
        Assert.True(McNemar.ExactPValue(3000, 3300) < 0.001);
    }

    [Fact]
    public void Refuses_negative_counts() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemar.ExactPValue(-1, 3));
}
