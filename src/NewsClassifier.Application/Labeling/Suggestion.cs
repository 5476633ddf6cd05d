namespace NewsClassifier.Application.Labeling;

/// <summary>The production model's view of one article, in the dataset's label order; or why there is none.</summary>
public sealed record Suggestion(string? Model, IReadOnlyList<(string Label, double Probability)> Probabilities, string? Best, string? Why)
{
    public static Suggestion Unavailable(string why) => new(null, [], null, why);
}
