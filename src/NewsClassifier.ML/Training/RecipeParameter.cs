namespace NewsClassifier.ML.Training;

/// <summary>One user-settable parameter of a recipe, as a form or a CLI help text shows it.</summary>
public sealed record RecipeParameter(string Key, string Description, string Allowed);
