using NewsClassifier.Web.Components.Shared;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>The charts' axis maths (ChartAxis): what the run page, compare, schedules and the runs chart draw.</summary>
public class ChartAxisTests
{
    [Fact]
    public void Epoch_axes_have_whole_number_ticks_only()
    {
        var three = ChartAxis.For([1, 2, 3], whole: true, ticks: 6);
        Assert.Equal([1.0, 2, 3], three.Ticks);
        Assert.All(ChartAxis.For([1, 2, 3, 4, 5, 6, 7], whole: true, ticks: 6).Ticks, t => Assert.Equal(Math.Floor(t), t));
        var many = ChartAxis.For(Enumerable.Range(1, 25).Select(i => (double)i), whole: true, ticks: 6);
        Assert.Equal([0.0, 5, 10, 15, 20, 25], many.Ticks);
        // Without whole, a short range gets fractional ticks (what epoch axes used to show).
        Assert.Contains(ChartAxis.For([1, 2], ticks: 6).Ticks, t => t != Math.Floor(t));
    }

    [Fact]
    public void A_one_epoch_run_is_drawn_inside_the_axis_in_the_middle()
    {
        var x = ChartAxis.For([1], whole: true, ticks: 6);
        Assert.Equal(0, x.Min);
        Assert.Equal(2, x.Max);
        Assert.Equal(0.5, x.Fraction(1), 9);
        Assert.Equal([0.0, 1, 2], x.Ticks);

        var y = ChartAxis.For([0.42]);
        Assert.True(y.Min < 0.42 && 0.42 < y.Max);
        Assert.InRange(y.Fraction(0.42), 0.2, 0.8);
    }

    [Fact]
    public void A_loss_axis_never_goes_negative_and_starts_at_zero_when_asked()
    {
        var nearZero = ChartAxis.For([0.001, 0.05, 0.3]);
        Assert.True(nearZero.Min >= 0, $"min {nearZero.Min}");
        Assert.All(nearZero.Ticks, t => Assert.True(t >= 0));

        // A zero tick is "0", never "-0".
        Assert.All(ChartAxis.For([0.0, 1.4], fixedMin: 0).Ticks.Concat(ChartAxis.For([1, 15]).Ticks),
            t => Assert.False(t == 0 && double.IsNegative(t)));

        var single = ChartAxis.For([0.0]);
        Assert.Equal(0, single.Min);
        Assert.True(single.Max > 0);

        var loss = ChartAxis.For([1.38, 0.71, 0.52], fixedMin: 0);
        Assert.Equal(0, loss.Min);
        Assert.Equal(1.5, loss.Max, 9); // widened to the next labelled tick
        Assert.Equal([0.0, 0.5, 1, 1.5], loss.Ticks);

        // Data that can be negative keeps its negative part.
        Assert.True(ChartAxis.For([-2, 3]).Min <= -2);
    }

    [Fact]
    public void A_fixed_range_is_kept_and_the_ends_are_labelled()
    {
        var accuracy = ChartAxis.For([0.9], fixedMin: 0, fixedMax: 1);
        Assert.Equal((0.0, 1.0), (accuracy.Min, accuracy.Max));
        Assert.Equal(0, accuracy.Ticks[0]);
        Assert.Equal(1, accuracy.Ticks[^1], 9);

        var free = ChartAxis.For([0.613, 0.87]);
        Assert.Equal(free.Min, free.Ticks[0], 9);
        Assert.Equal(free.Max, free.Ticks[^1], 9);
        Assert.True(free.Min <= 0.613 && free.Max >= 0.87);
    }

    [Theory]
    [InlineData(0.4, false, 0.5)]
    [InlineData(0.23, false, 0.25)]
    [InlineData(7, false, 10)]
    [InlineData(0.4, true, 1)]
    [InlineData(2.4, true, 5)]
    [InlineData(0, false, 1)]
    public void Steps_are_nice(double raw, bool whole, double expected) => Assert.Equal(expected, ChartAxis.Step(raw, whole), 9);
}
