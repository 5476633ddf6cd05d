namespace NewsClassifier.Web.Components.Pages.Compare;

/// <summary>One color per compared run, the same in every chart, table header and chip.</summary>
internal static class CompareColors
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    /// <summary>At most this many runs are compared at once (more curves than colors cannot be told apart).</summary>
    public static int Count => Palette.Length;

    public static string Of(int index) => Palette[index % Palette.Length];
}
