using NewsClassifier.ML.Inference;

namespace NewsClassifier.ML.Training.CustomTransformer;

/// <summary>
/// The custom transformer (<c>custom-lesson</c>, <c>custom</c>): <see cref="HyperParameters"/> parsed by <see cref="ParameterSet"/>,
/// trained by <see cref="Trainer"/>, saved as <see cref="ModelCheckpoint"/> folders and loaded by <see cref="CustomTransformerPredictor"/>.
/// </summary>
public sealed class CustomTransformerFamily : IRecipeFamily
{
    public static CustomTransformerFamily Instance { get; } = new();

    private CustomTransformerFamily() { }

    public IReadOnlyList<string> RecipeNames { get; } = [Recipes.CustomLesson, Recipes.Custom];

    public string ModelFormat => CheckpointManifest.CurrentFormat;

    public bool UsesTorch => true;

    public IReadOnlyList<RecipeParameter> Parameters { get; } =
        ParameterSet.Specs.Select(s => s.ToRecipeParameter()).ToArray();

    public IReadOnlyDictionary<string, string> DefaultsAsStrings(string recipe) => ParameterSet.DefaultsAsStrings(recipe);

    public RecipeParseResult Parse(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides)
    {
        var parsed = ParameterSet.Parse(recipe, overrides);
        if (!parsed.IsValid) return new RecipeParseResult(null, parsed.Errors);
        var hp = parsed.Value!;
        return new RecipeParseResult(new RecipeSettings(recipe, ParameterSet.ToStrings(hp), hp.Epochs, hp.Seed, hp.ValidationFraction, hp), []);
    }

    public TrainingResult Train(RecipeSettings settings, TrainingData data, IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices,
        string artifactDirectory, ITrainingObserver? observer = null, CancellationToken cancellationToken = default, string? cacheDirectory = null) =>
        Trainer.Train(data, trainIndices, validationIndices, settings.ParametersAs<HyperParameters>(), artifactDirectory, observer, cancellationToken);

    public IArticleClassifier Load(string modelDirectory) => CustomTransformerPredictor.Load(modelDirectory);

    public ResourceEstimate Estimate(RecipeSettings settings, int classes, string? namedShape = null)
    {
        var hp = settings.ParametersAs<HyperParameters>();
        return CustomTransformerSizing.Estimate(hp.ModelConfig(hp.VocabSize, classes).Validate(), hp.BatchSize, hp.EmbeddingInit == EmbeddingInit.Lsa);
    }

    /// <summary>Training is sized at the predictor's batch: a saved model is only ever loaded to predict.</summary>
    public ResourceEstimate EstimateFolder(string modelDirectory)
    {
        var config = ModelCheckpoint.ReadManifest(modelDirectory).Model;
        try
        {
            config.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException($"{ModelCheckpoint.ConfigFile}: {e.Message}", e);
        }
        return CustomTransformerSizing.Estimate(config, CustomTransformerPredictor.BatchSize);
    }

    /// <summary>Counted on a freshly initialised model whose vocabulary is <c>vocab_size</c> (a trained one's can come out smaller).</summary>
    public ModelDescription Describe(RecipeSettings settings, int classes, string? namedShape = null)
    {
        var hp = settings.ParametersAs<HyperParameters>();
        var config = hp.ModelConfig(hp.VocabSize, classes);
        using var model = new CustomTransformerClassifier(config, hp.Seed);
        return new ModelDescription(ModelSummary.Of(model), $"vocab_size {config.VocabSize}, max_length {config.MaxLength}, {config.NumClasses} classes");
    }
}
