using NewsClassifier.ML.Baseline;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Training.Bert;
using NewsClassifier.ML.Training.CustomTransformer;

namespace NewsClassifier.ML.Training;

/// <summary>
/// The recipe families and the one place that finds a family by recipe name or by a model folder's format. ("Registry"
/// names the model registry.) Adding a family: its folder with an <see cref="IRecipeFamily"/>, plus one line in
/// <see cref="Families"/>.
/// </summary>
public static class RecipeCatalog
{
    public static IReadOnlyList<IRecipeFamily> Families { get; } =
    [
        CustomTransformerFamily.Instance,
        TfidfBaselineFamily.Instance,
        BertFamily.Instance,
    ];

    /// <summary>Every recipe, family by family.</summary>
    public static IReadOnlyList<string> Names { get; } = Families.SelectMany(f => f.RecipeNames).ToArray();

    public static bool IsKnown(string recipe) => TryFind(recipe) is not null;

    public static IRecipeFamily? TryFind(string recipe) => Families.FirstOrDefault(f => f.RecipeNames.Contains(recipe));

    public static IRecipeFamily Find(string recipe) => TryFind(recipe) ?? throw Unknown(recipe);

    /// <summary>The family whose loader reads the folder, by its config.json's <c>format</c>.</summary>
    public static IRecipeFamily ForModelFolder(string modelDirectory)
    {
        var format = ModelFormat(modelDirectory);
        return Families.FirstOrDefault(f => f.ModelFormat == format)
            ?? throw new InvalidDataException($"{Path.Combine(modelDirectory, RunManifest.ConfigFile)} has format '{format}', " +
                                              $"expected one of: {string.Join(", ", Families.Select(f => f.ModelFormat))}.");
    }

    /// <summary>True for recipes trained with TorchSharp (they need libtorch initialised).</summary>
    public static bool UsesTorch(string recipe) => Find(recipe).UsesTorch;

    public static IReadOnlyList<RecipeParameter> Parameters(string recipe) => Find(recipe).Parameters;

    /// <summary>Whether the recipe takes the parameter <paramref name="key"/> (false for an unknown recipe).</summary>
    public static bool HasParameter(string recipe, string key) => TryFind(recipe)?.Parameters.Any(p => p.Key == key) ?? false;

    public static IReadOnlyDictionary<string, string> DefaultsAsStrings(string recipe) => Find(recipe).DefaultsAsStrings(recipe);

    /// <summary>The recipe's defaults plus string overrides, or every error (each naming its key and what it accepts).</summary>
    public static RecipeParseResult Parse(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides) =>
        TryFind(recipe) is { } family ? family.Parse(recipe, overrides) : new RecipeParseResult(null, [Unknown(recipe).Message]);

    /// <summary><see cref="IRecipeFamily.ParseForDescription"/> of the recipe's family.</summary>
    public static RecipeParseResult ParseForDescription(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides, string? namedShape) =>
        TryFind(recipe) is { } family ? family.ParseForDescription(recipe, overrides, namedShape) : new RecipeParseResult(null, [Unknown(recipe).Message]);

    /// <summary>Trains with the family of <paramref name="settings"/>' recipe; the model goes to <c>{artifactDirectory}/model/</c>.</summary>
    public static TrainingResult Train(RecipeSettings settings, TrainingData data, IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices,
        string artifactDirectory, ITrainingObserver? observer = null, CancellationToken cancellationToken = default, string? cacheDirectory = null) =>
        Find(settings.Recipe).Train(settings, data, trainIndices, validationIndices, artifactDirectory, observer, cancellationToken, cacheDirectory);

    /// <summary><see cref="IRecipeFamily.Estimate"/> of the family of <paramref name="settings"/>' recipe.</summary>
    public static ResourceEstimate Estimate(RecipeSettings settings, int classes, string? namedShape = null) =>
        Find(settings.Recipe).Estimate(settings, classes, namedShape);

    /// <summary><see cref="IRecipeFamily.EstimateFolder"/> of the family its config.json's format names.</summary>
    public static ResourceEstimate EstimateFolder(string modelDirectory) => ForModelFolder(modelDirectory).EstimateFolder(modelDirectory);

    /// <summary>Loads a model folder with the predictor its config.json's format names.</summary>
    public static IArticleClassifier Load(string modelDirectory) => ForModelFolder(modelDirectory).Load(modelDirectory);

    /// <summary>The <c>format</c> of a model folder's config.json (null when it has none).</summary>
    public static string? ModelFormat(string modelDirectory) => RunManifest.ReadFormat(modelDirectory);

    private static ArgumentException Unknown(string recipe) =>
        new($"Unknown recipe '{recipe}'. Known recipes: {string.Join(", ", Names)}.", nameof(recipe));
}
