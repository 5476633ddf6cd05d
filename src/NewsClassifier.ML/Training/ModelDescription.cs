namespace NewsClassifier.ML.Training;

/// <summary>What the CLI's <c>summary</c> prints for a recipe: the parameter table and a one-line account of the shape it was counted for.</summary>
public sealed record ModelDescription(ModelSummary Summary, string Shape);
