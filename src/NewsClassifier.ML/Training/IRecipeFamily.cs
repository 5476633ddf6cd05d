using NewsClassifier.ML.Inference;

namespace NewsClassifier.ML.Training;

/// <summary>
/// One family of recipes (the custom transformer, the TF-IDF baseline, BERT): everything the job, the forms, the CLI and the
/// model cache need to train, load and describe its models without knowing which family it is. A family lives in its own
/// folder; <see cref="RecipeCatalog"/> lists the families.
/// </summary>
public interface IRecipeFamily
{
    /// <summary>The recipe names it serves, in the order forms list them.</summary>
    IReadOnlyList<string> RecipeNames { get; }

    /// <summary>The <c>format</c> its model folders' config.json carries; how a folder finds its loader.</summary>
    string ModelFormat { get; }

    /// <summary>True when training and loading need libtorch initialised (the caller picks the device first).</summary>
    bool UsesTorch { get; }

    /// <summary>Every parameter its recipes accept, with what each accepts.</summary>
    IReadOnlyList<RecipeParameter> Parameters { get; }

    IReadOnlyDictionary<string, string> DefaultsAsStrings(string recipe);

    /// <summary>The recipe's defaults plus string overrides, or every error (each naming its key and what it accepts).</summary>
    RecipeParseResult Parse(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides);

    /// <summary>
    /// Parameters good enough to describe the model without training: a family may need less than <see cref="Parse"/> checks
    /// (BERT counts from a config.json alone, or from a standard shape named by <paramref name="namedShape"/>).
    /// </summary>
    RecipeParseResult ParseForDescription(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides, string? namedShape) =>
        Parse(recipe, overrides);

    /// <summary>Trains on the given index sets of <paramref name="data"/>; the model goes to <c>{artifactDirectory}/model/</c> (<see cref="RunFolders"/>).</summary>
    /// <param name="cacheDirectory">Where a family may keep data derived from a run's inputs for later runs (BERT: a frozen
    /// body's pooled outputs); null keeps nothing.</param>
    TrainingResult Train(RecipeSettings settings, TrainingData data, IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices,
        string artifactDirectory, ITrainingObserver? observer = null, CancellationToken cancellationToken = default, string? cacheDirectory = null);

    /// <summary>A model folder of <see cref="ModelFormat"/> as a classifier.</summary>
    IArticleClassifier Load(string modelDirectory);

    /// <summary>
    /// The model's size from <paramref name="settings"/> alone, before anything is allocated: parameters and peak bytes to
    /// train it and to load it (<see cref="ModelSizing"/>). Counted for the vocabulary or feature caps the settings allow,
    /// so the model trained on real data is at most this size. BERT reads only the pretrained folder's config.json (or
    /// takes <paramref name="namedShape"/>).
    /// </summary>
    ResourceEstimate Estimate(RecipeSettings settings, int classes, string? namedShape = null);

    /// <summary>The size of a saved model folder of <see cref="ModelFormat"/>, from its config.json alone (nothing built, no weights read).</summary>
    ResourceEstimate EstimateFolder(string modelDirectory);

    /// <summary>The model's layers and parameter counts for <paramref name="classes"/> classes, built without data (libtorch initialised when <see cref="UsesTorch"/>).</summary>
    ModelDescription Describe(RecipeSettings settings, int classes, string? namedShape = null);
}
