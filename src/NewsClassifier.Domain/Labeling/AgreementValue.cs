namespace NewsClassifier.Domain.Labeling;

/// <summary>An agreement coefficient, or why there is none (too few items, no variation).</summary>
public sealed record AgreementValue(double? Value, int Items, string? Why)
{
    public static AgreementValue Of(double value, int items) => new(value, items, null);
    public static AgreementValue None(int items, string why) => new(null, items, why);
}
