namespace NewsClassifier.Application.Runs;

/// <summary>A hyper-parameter across the compared runs (null where a run lacks it).</summary>
public sealed record ParameterRow(string Name, IReadOnlyList<string?> Values)
{
    public bool Differs => Values.Distinct().Count() > 1;
}
