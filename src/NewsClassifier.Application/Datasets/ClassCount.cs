namespace NewsClassifier.Application.Datasets;

/// <summary>Articles per class; unlabelled articles have <see cref="Ordinal"/> null and the name <see cref="UnlabelledName"/>.</summary>
public sealed record ClassCount(int? Ordinal, string Name, int Count)
{
    public const string UnlabelledName = "Unlabeled";
}
