using System.Globalization;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Schedules;

/// <summary>
/// The champion/challenger rule, on predictions of both models for the same evaluation articles (label ordinals in the
/// evaluation set's label order). Pure: no database, no models, so every branch is tested by hand-made tables.
/// </summary>
public static class PromotionGate
{
    public static EvaluationScore Score(string model, IReadOnlyList<int> truth, IReadOnlyList<int> predicted, IReadOnlyList<string> labels)
    {
        var metrics = Metrics.Compute(truth, predicted, labels);
        return new EvaluationScore(model, metrics.Accuracy, metrics.MacroF1,
            metrics.PerClass.ToDictionary(c => c.Label, c => c.F1), truth.Count);
    }

    /// <param name="championPredicted">Null when there is no champion yet: the challenger then only has to beat a
    /// constant answer (the evaluation set's most frequent class), so a broken run never becomes the first production model.</param>
    public static GateDecision Decide(GateSettings gate, IReadOnlyList<int> truth, IReadOnlyList<string> labels,
        string challengerName, IReadOnlyList<int> challengerPredicted, string? championName, IReadOnlyList<int>? championPredicted)
    {
        if (truth.Count == 0) throw new ArgumentException("The evaluation set is empty.", nameof(truth));
        if (challengerPredicted.Count != truth.Count || (championPredicted is not null && championPredicted.Count != truth.Count))
            throw new ArgumentException("Every model must predict every evaluation article.");
        var challenger = Score(challengerName, truth, challengerPredicted, labels);
        if (championPredicted is null)
        {
            double constant = truth.GroupBy(t => t).Max(g => g.Count()) / (double)truth.Count;
            bool beats = challenger.Accuracy > constant;
            return new GateDecision(beats,
                beats ? $"No champion yet: the challenger's accuracy {P(challenger.Accuracy)} beats always answering the most frequent class ({P(constant)})."
                      : $"No champion yet, and the challenger's accuracy {P(challenger.Accuracy)} does not beat always answering the most frequent class ({P(constant)}).",
                challenger, null, null, 0, 0);
        }

        var champion = Score(championName ?? "champion", truth, championPredicted, labels);
        int b = 0, c = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            bool championRight = championPredicted[i] == truth[i], challengerRight = challengerPredicted[i] == truth[i];
            if (championRight && !challengerRight) b++;
            else if (challengerRight && !championRight) c++;
        }
        double p = McNemar.ExactPValue(b, c);
        var failures = new List<string>();
        string metric = gate.Metric == GateMetric.MacroF1 ? "macro-F1" : "accuracy";
        double gain = challenger.Value(gate.Metric) - champion.Value(gate.Metric);
        // A tiny tolerance: a gain equal to the minimum, computed in floating point, counts as reaching it.
        if (gain < gate.MinGain - 1e-12)
            failures.Add($"{metric} changed by {Points(gain)} (needs at least {Points(gate.MinGain)})");
        foreach (var label in labels)
        {
            double drop = champion.ClassF1[label] - challenger.ClassF1[label];
            if (drop > gate.MaxClassDrop + 1e-12)
                failures.Add($"F1 of '{label}' fell by {Points(drop)} (at most {Points(gate.MaxClassDrop)} allowed)");
        }
        if (gate.Alpha < 1 && !(p < gate.Alpha))
            failures.Add($"the difference is not significant (McNemar p = {p.ToString("0.####", CultureInfo.InvariantCulture)} on {b + c} disagreements, needs p < {gate.Alpha.ToString("0.###", CultureInfo.InvariantCulture)})");
        bool passed = failures.Count == 0;
        string reason = passed
            ? $"The challenger's {metric} is {Points(gain)} higher ({P(challenger.Value(gate.Metric))} vs {P(champion.Value(gate.Metric))}), no class fell by more than {Points(gate.MaxClassDrop)}, McNemar p = {p.ToString("0.####", CultureInfo.InvariantCulture)}."
            : "Kept the champion: " + string.Join("; ", failures) + ".";
        return new GateDecision(passed, reason, challenger, champion, p, b, c);
    }

    private static string P(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Points(double value) => (value * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " points";
}
