namespace NewsClassifier.ML.Training;

/// <summary>
/// One user-settable parameter of a family's typed parameters <typeparamref name="T"/>: its key, what it accepts, how it
/// reads as a string and how a string lands in <typeparamref name="T"/> (or why it does not). Built by <see cref="ParameterSpecs{T}"/>.
/// </summary>
public sealed record ParameterSpec<T>(
    string Key,
    string Description,
    string Allowed,
    Func<T, string> Read,
    Func<T, string, (T? Value, string? Error)> Apply) where T : class
{
    public ParameterKind Kind { get; init; } = ParameterKind.Text;
    public double? Min { get; init; }
    public double? Max { get; init; }
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>The value's own test (range, type), independent of the other parameters; the same one <see cref="Apply"/> runs.</summary>
    public Func<string, string?> Check { get; init; } = _ => null;

    public RecipeParameter ToRecipeParameter() => new(Key, Description, Allowed)
    {
        Kind = Kind, Min = Min, Max = Max, Choices = Choices, Check = s => Check((s ?? "").Trim()),
    };
}
