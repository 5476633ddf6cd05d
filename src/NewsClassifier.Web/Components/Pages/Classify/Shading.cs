using System.Globalization;

namespace NewsClassifier.Web.Components.Pages.Classify;

/// <summary>
/// Colour strength for a value shown among others: scaled from the lowest to the highest of the values it is compared
/// with (a row, a strip), not from 0 to 1. A trained model's attention is often nearly uniform (every token 4.3-4.4 %),
/// which an absolute scale draws as one flat colour; the row's own range makes its few percent of difference visible.
/// </summary>
public static class Shading
{
    public const double Faint = 0.05, Strong = 0.9;

    /// <summary>The lowest and highest of <paramref name="values"/> (0, 0 when empty).</summary>
    public static (float Min, float Max) Range(IEnumerable<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return min > max ? (0, 0) : (min, max);
    }

    /// <summary>An rgba alpha for <paramref name="value"/> in min..max: faint at the lowest, strong at the highest, middling when all are equal.</summary>
    public static string Alpha(double value, double min, double max)
    {
        double share = max > min ? Math.Clamp((value - min) / (max - min), 0, 1) : 0.5;
        return (Faint + (Strong - Faint) * share).ToString("0.###", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A percentage format with as many decimals (1 to 4) as it takes for the range <paramref name="low"/>..<paramref name="high"/>
    /// to span at least five steps of the last digit: near-uniform attention (4.31 % to 4.40 %) would otherwise print one or
    /// two numbers for every token.
    /// </summary>
    public static Func<float, string> Percent(float low, float high)
    {
        double spread = (high - low) * 100.0;
        int decimals = spread > 0 && double.IsFinite(spread) ? Math.Clamp((int)Math.Ceiling(Math.Log10(5 / spread)), 1, 4) : 1;
        var format = $"P{decimals}";
        return v => v.ToString(format, CultureInfo.CurrentCulture);
    }

    /// <summary>
    /// A signed format with three significant digits at the scale of <paramref name="largest"/> (at least three decimals):
    /// an untrained model's attributions are thousandths of a unit, which a fixed "0.000" would print as zero.
    /// </summary>
    public static Func<float, string> Signed(float largest)
    {
        int decimals = largest > 0 && float.IsFinite(largest) ? Math.Clamp(2 - (int)Math.Floor(Math.Log10(largest)), 3, 8) : 3;
        var digits = new string('0', decimals);
        var format = $"+0.{digits};-0.{digits};0.{digits}";
        return v => v.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>An rgba alpha for the size of <paramref name="value"/> against the largest size <paramref name="largest"/>.</summary>
    public static string Magnitude(double value, double largest) => Alpha(Math.Abs(value), 0, largest);
}
