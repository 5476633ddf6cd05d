namespace NewsClassifier.ML.Training;

public sealed record RecipeParseResult(RecipeSettings? Value, IReadOnlyList<string> Errors)
{
    public bool IsValid => Value is not null && Errors.Count == 0;
}
