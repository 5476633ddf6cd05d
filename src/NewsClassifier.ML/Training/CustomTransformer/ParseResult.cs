namespace NewsClassifier.ML.Training.CustomTransformer;

public sealed record ParseResult(HyperParameters? Value, IReadOnlyList<string> Errors)
{
    public bool IsValid => Value is not null && Errors.Count == 0;
}
