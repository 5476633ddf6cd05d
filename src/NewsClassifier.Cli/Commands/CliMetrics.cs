using System.Globalization;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Cli.Commands;

/// <summary>Classification metrics as <c>train</c> and <c>evaluate</c> print them: a table, or the snake_case JSON entries.</summary>
internal static class CliMetrics
{
    /// <summary>The <c>per_class</c> entries: label, precision, recall, f1, support.</summary>
    public static IEnumerable<object> PerClassJson(ClassificationMetrics m) =>
        m.PerClass.Select(c => new { c.Label, c.Precision, c.Recall, c.F1, c.Support });

    public static async Task WriteAsync(TextWriter output, ClassificationMetrics m)
    {
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(c, $"accuracy  {m.Accuracy:F4}"));
        await output.WriteLineAsync(string.Create(c, $"macro_f1  {m.MacroF1:F4}"));
        int width = Math.Max(12, m.PerClass.Max(p => p.Label.Length) + 2);
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{"".PadRight(width)}{"precision",10}{"recall",10}{"f1",10}{"support",10}");
        foreach (var p in m.PerClass)
            await output.WriteLineAsync(string.Create(c, $"{p.Label.PadRight(width)}{p.Precision,10:F4}{p.Recall,10:F4}{p.F1,10:F4}{p.Support,10:N0}"));
        await output.WriteLineAsync();
        await output.WriteLineAsync("confusion (rows: actual, columns: predicted)");
        int cell = Math.Max(8, m.PerClass.Max(p => p.Label.Length) + 1);
        await output.WriteLineAsync("".PadRight(width) + string.Concat(m.PerClass.Select(p => p.Label.PadLeft(cell))));
        for (int r = 0; r < m.ConfusionMatrix.Length; r++)
            await output.WriteLineAsync(m.PerClass[r].Label.PadRight(width) +
                                        string.Concat(m.ConfusionMatrix[r].Select(v => v.ToString("N0", c).PadLeft(cell))));
    }
}
