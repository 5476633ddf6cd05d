using NewsClassifier.Application.Classification;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// The production model's probabilities for an article, shown next to the label buttons and never applied by
/// itself. Only when the model's classes are exactly the dataset's label set (by name); otherwise it says why not.
/// </summary>
public sealed class ModelSuggestions(IDbContextFactory<NewsDbContext> contexts, ModelResolver resolver, ClassificationService classifier)
{
    public async Task<Suggestion> ForArticleAsync(int datasetId, string title, string text, CancellationToken cancellationToken)
    {
        var production = await resolver.ProductionAsync(cancellationToken);
        if (production is null) return Suggestion.Unavailable("No model is in production yet, so there is no suggestion.");
        ClassificationResult result;
        try
        {
            result = await classifier.ClassifyAsync(null, production.Run.Id, title, text, cancellationToken);
        }
        catch (ClassificationException e)
        {
            return Suggestion.Unavailable($"{production.Display} cannot classify this article: {e.Message}");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var labels = await db.LabelClasses.AsNoTracking().Where(l => l.DatasetId == datasetId).OrderBy(l => l.Ordinal).Select(l => l.Name).ToListAsync(cancellationToken);
        var map = LabelMap(result.Prediction.LabelNames, labels);
        if (map is null)
            return Suggestion.Unavailable($"{production.Display} predicts {string.Join(", ", result.Prediction.LabelNames)}, which is not this dataset's label set ({string.Join(", ", labels)}).");
        var probabilities = labels.Select((name, i) => (name, (double)result.Prediction.Probabilities[map[i]])).ToList();
        return new Suggestion(production.Display, probabilities, result.Prediction.PredictedLabel, null);
    }

    /// <summary>For each dataset label (by ordinal) the model's output index with the same name (case-insensitive);
    /// null unless the two sets are the same.</summary>
    internal static int[]? LabelMap(IReadOnlyList<string> modelLabels, IReadOnlyList<string> datasetLabels)
    {
        if (modelLabels.Count != datasetLabels.Count) return null;
        var map = new int[datasetLabels.Count];
        for (int i = 0; i < datasetLabels.Count; i++)
        {
            map[i] = -1;
            for (int j = 0; j < modelLabels.Count; j++)
                if (string.Equals(modelLabels[j], datasetLabels[i], StringComparison.OrdinalIgnoreCase)) map[i] = j;
            if (map[i] < 0) return null;
        }
        return map;
    }
}
