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

    /// <summary>An rgba alpha for the size of <paramref name="value"/> against the largest size <paramref name="largest"/>.</summary>
    public static string Magnitude(double value, double largest) => Alpha(Math.Abs(value), 0, largest);
}
