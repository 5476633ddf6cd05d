using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Training;

namespace NewsClassifier.ML.Baseline;

/// <summary>
/// The TF-IDF baseline (<c>tfidf-baseline</c>): <see cref="BaselineParameters"/> parsed by <see cref="BaselineParameterSet"/>,
/// fitted by <see cref="TfidfBaselineTrainer"/> (ML.NET, no libtorch), loaded by <see cref="TfidfBaselinePredictor"/>.
/// </summary>
public sealed class TfidfBaselineFamily : IRecipeFamily
{
    public static TfidfBaselineFamily Instance { get; } = new();

    private TfidfBaselineFamily() { }

    public IReadOnlyList<string> RecipeNames { get; } = [Recipes.TfidfBaseline];

    public string ModelFormat => BaselineManifest.CurrentFormat;

    public bool UsesTorch => false;

    public IReadOnlyList<RecipeParameter> Parameters => BaselineParameterSet.Parameters;

    public IReadOnlyDictionary<string, string> DefaultsAsStrings(string recipe) => BaselineParameterSet.ToStrings(new BaselineParameters());

    /// <summary>One fit is reported as one epoch.</summary>
    public RecipeParseResult Parse(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides)
    {
        var (p, errors) = BaselineParameterSet.Parse(overrides);
        if (p is null) return new RecipeParseResult(null, errors);
        return new RecipeParseResult(new RecipeSettings(recipe, BaselineParameterSet.ToStrings(p), 1, p.Seed, p.ValidationFraction, p), []);
    }

    public TrainingResult Train(RecipeSettings settings, TrainingData data, IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices,
        string artifactDirectory, ITrainingObserver? observer = null, CancellationToken cancellationToken = default, string? cacheDirectory = null) =>
        TfidfBaselineTrainer.Train(data, trainIndices, validationIndices, settings.ParametersAs<BaselineParameters>(), artifactDirectory, observer, cancellationToken);

    public IArticleClassifier Load(string modelDirectory) => TfidfBaselinePredictor.Load(modelDirectory);

    public ResourceEstimate Estimate(RecipeSettings settings, int classes, string? namedShape = null) =>
        BaselineSizing.Estimate(settings.ParametersAs<BaselineParameters>(), classes);

    public ResourceEstimate EstimateFolder(string modelDirectory)
    {
        var manifest = TfidfBaselineModel.ReadManifest(modelDirectory);
        return BaselineSizing.ForFeatures(Math.Max(0, manifest.FeatureCount), Math.Max(2, manifest.LabelNames?.Count ?? 0));
    }

    /// <summary>The TF-IDF vocabulary (the linear layer's input width) comes from the training data, so it is unknown here.</summary>
    public ModelDescription Describe(RecipeSettings settings, int classes, string? namedShape = null) =>
        new(TfidfBaselineTrainer.Summary(features: 0, classes),
            $"{classes} classes; the linear layer has n_features x classes + classes parameters, n_features being the TF-IDF vocabulary found in the training data");
}
