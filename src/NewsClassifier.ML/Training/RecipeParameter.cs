namespace NewsClassifier.ML.Training;

/// <summary>
/// One user-settable parameter of a recipe, as a form or a CLI help text shows it: what it holds (<see cref="Kind"/>, the
/// range of a number, the names of a choice) and <see cref="Check"/>, the very test the recipe applies when it parses the
/// value, so a form can flag a wrong value on its field before the server refuses it.
/// </summary>
public sealed record RecipeParameter(string Key, string Description, string Allowed)
{
    public ParameterKind Kind { get; init; } = ParameterKind.Text;

    /// <summary>Inclusive bounds of an <see cref="ParameterKind.Integer"/> or <see cref="ParameterKind.Number"/>.</summary>
    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>The accepted names of a <see cref="ParameterKind.Choice"/>, as the recipe shows them.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>Why the recipe would refuse this value on its own (null when it accepts it), worded as in its parse errors
    /// without the key in front.</summary>
    public Func<string, string?> Check { get; init; } = _ => null;
}
