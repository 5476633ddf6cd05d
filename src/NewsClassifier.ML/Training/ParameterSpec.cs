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
    public RecipeParameter ToRecipeParameter() => new(Key, Description, Allowed);
}
