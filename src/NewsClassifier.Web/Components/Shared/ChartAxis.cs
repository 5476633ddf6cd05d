namespace NewsClassifier.Web.Components.Shared;

/// <summary>
/// The range and ticks of one chart axis, from the values it must show: a "nice" step (1, 2, 2.5 or 5 times a power of
/// ten), ends widened to whole steps so the top and bottom gridlines are labelled, whole-number ticks only for counts
/// (epochs, firings), a single value centred in a range around it instead of drawn on the edge, and no negative part
/// for values that cannot be negative (a loss axis starts at 0 at the lowest). Pure, so the charts' maths is tested alone.
/// </summary>
public sealed record ChartAxis(double Min, double Max, IReadOnlyList<double> Ticks)
{
    /// <param name="values">What the axis must show (none: 0..1).</param>
    /// <param name="fixedMin">An end the caller fixes (0 for accuracy and loss); the data then only moves the other end.</param>
    /// <param name="whole">Counts: the step is a whole number (at least 1), so no tick falls between epochs.</param>
    /// <param name="ticks">About how many intervals to draw.</param>
    public static ChartAxis For(IEnumerable<double> values, double? fixedMin = null, double? fixedMax = null, bool whole = false, int ticks = 5)
    {
        var finite = values.Where(double.IsFinite).ToList();
        double lo = fixedMin ?? (finite.Count > 0 ? finite.Min() : 0);
        double hi = fixedMax ?? (finite.Count > 0 ? finite.Max() : 1);
        bool nonNegative = finite.Count == 0 || finite.Min() >= 0;
        if (hi < lo) (lo, hi) = (hi, lo);

        if (hi - lo < 1e-12)
        {
            // One value (a one-epoch run, a run's single loss): a range around it, so it is drawn inside the axis.
            var half = whole ? 1 : Math.Abs(lo) > 1e-12 ? Math.Abs(lo) * 0.1 : 0.5;
            if (fixedMin is null) lo -= half;
            if (fixedMax is null) hi += half;
            if (hi - lo < 1e-12) hi = lo + 2 * half;
        }
        if (nonNegative && fixedMin is null && lo < 0) lo = 0;

        var step = Step((hi - lo) / Math.Max(1, ticks), whole);
        if (fixedMin is null) lo = Math.Floor(lo / step + 1e-9) * step;
        if (fixedMax is null) hi = Math.Ceiling(hi / step - 1e-9) * step;
        if (nonNegative && fixedMin is null && lo < 0) lo = 0;

        var list = new List<double>();
        for (var t = Math.Ceiling(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
            list.Add(Math.Round(t, 10) is var tick && tick == 0 ? 0 : tick); // never "-0"
        return new ChartAxis(lo == 0 ? 0 : lo, hi, list);
    }

    /// <summary>Where <paramref name="value"/> falls between <see cref="Min"/> (0) and <see cref="Max"/> (1).</summary>
    public double Fraction(double value) => Max - Min < 1e-12 ? 0.5 : (value - Min) / (Max - Min);

    /// <summary>The smallest nice step of at least <paramref name="raw"/>: 1, 2, 2.5 or 5 times a power of ten (whole: 1, 2 or 5, at least 1).</summary>
    public static double Step(double raw, bool whole = false)
    {
        if (!double.IsFinite(raw) || raw <= 0) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double[] multiples = whole && magnitude < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
        var step = multiples.Select(m => m * magnitude).First(s => s >= raw * (1 - 1e-9));
        return whole ? Math.Max(1, Math.Round(step)) : step;
    }
}
