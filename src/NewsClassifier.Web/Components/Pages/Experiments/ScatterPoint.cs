using System.Globalization;
using NewsClassifier.Application.Runs;

namespace NewsClassifier.Web.Components.Pages.Experiments;

/// <summary>One run on the runs chart: a numeric parameter's value against its validation accuracy.</summary>
public sealed record ScatterPoint(int RunId, string Label, string Recipe, double X, double Accuracy)
{
    /// <summary>The listed runs that have an accuracy and a numeric <paramref name="parameter"/> (others have no place on the chart).</summary>
    public static IReadOnlyList<ScatterPoint> From(IEnumerable<RunRow> runs, string parameter) =>
        runs.Where(r => r.ValidationAccuracy is not null)
            .Select(r => (Run: r, Value: NumberOf(r, parameter)))
            .Where(p => p.Value is not null)
            .Select(p => new ScatterPoint(p.Run.Id, RunFormat.Name(p.Run.Id, p.Run.Name), p.Run.Recipe, p.Value!.Value, p.Run.ValidationAccuracy!.Value))
            .ToList();

    /// <summary>Parameters with a number in at least one run with an accuracy: what the chart's select offers.</summary>
    public static IReadOnlyList<string> NumericParameters(IEnumerable<RunRow> runs) =>
        runs.Where(r => r.ValidationAccuracy is not null && r.Parameters is not null)
            .SelectMany(r => r.Parameters!.Where(p => IsNumber(p.Value)).Select(p => p.Key))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    private static double? NumberOf(RunRow run, string parameter) =>
        run.Parameters?.GetValueOrDefault(parameter) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : null;

    private static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v);
}
