namespace NewsClassifier.ML.Training;

/// <summary>
/// A recipe's parsed parameters: the effective values as strings (stored with the run), the few values every recipe has
/// (what the run record and the snapshot need), and <see cref="Parameters"/>, the typed parameters of its family, which
/// only that family reads.
/// </summary>
public sealed record RecipeSettings(string Recipe, IReadOnlyDictionary<string, string> Values, int Epochs, int Seed, double ValidationFraction,
    object Parameters)
{
    /// <summary>The typed parameters, or <see cref="ArgumentException"/> when another family parsed them.</summary>
    public T ParametersAs<T>() where T : class => Parameters as T
        ?? throw new ArgumentException($"The settings of '{Recipe}' carry {Parameters.GetType().Name}, not {typeof(T).Name}.");
}
