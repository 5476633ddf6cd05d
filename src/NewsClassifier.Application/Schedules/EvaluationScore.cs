using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Schedules;

/// <summary>One model's result on a schedule's evaluation articles, as the firing history stores it.</summary>
public sealed record EvaluationScore(string Model, double Accuracy, double MacroF1, IReadOnlyDictionary<string, double> ClassF1, int Articles)
{
    public double Value(GateMetric metric) => metric == GateMetric.MacroF1 ? MacroF1 : Accuracy;
}
