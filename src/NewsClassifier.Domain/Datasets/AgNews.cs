namespace NewsClassifier.Domain.Datasets;

/// <summary>The AG News label set: file labels 1-4 map to ordinals 0-3.</summary>
public static class AgNews
{
    public static readonly IReadOnlyList<string> LabelNames = new[] { "World", "Sports", "Business", "Sci/Tech" };
}
