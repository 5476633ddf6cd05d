using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Models.Bert;

namespace NewsClassifier.ML.Training.Bert;

/// <summary>
/// The BERT recipes (<see cref="BertRecipes"/>): <see cref="BertParameters"/> parsed by <see cref="BertParameterSet"/> (which
/// opens the <c>pretrained</c> folder), trained by <see cref="BertTrainer"/>, saved as <see cref="BertRunCheckpoint"/>
/// folders and loaded by <see cref="BertPredictor"/>.
/// </summary>
public sealed class BertFamily : IRecipeFamily
{
    public static BertFamily Instance { get; } = new();

    private BertFamily() { }

    public IReadOnlyList<string> RecipeNames => BertRecipes.Names;

    public string ModelFormat => BertRunCheckpoint.CurrentFormat;

    public bool UsesTorch => true;

    public IReadOnlyList<RecipeParameter> Parameters => BertParameterSet.Parameters;

    /// <summary>Standard shapes <see cref="Describe"/> can count for instead of a pretrained folder's config.json.</summary>
    public IReadOnlyList<string> NamedShapes { get; } = ["base", "small", "mini"];

    public IReadOnlyDictionary<string, string> DefaultsAsStrings(string recipe) => BertParameterSet.ToStrings(BertRecipes.Defaults(recipe));

    public RecipeParseResult Parse(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides) =>
        Settings(recipe, BertParameterSet.Parse(recipe, overrides));

    /// <summary>The folder needs only a config.json, or nothing at all when <paramref name="namedShape"/> names the shape.</summary>
    public RecipeParseResult ParseForDescription(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides, string? namedShape) =>
        Settings(recipe, BertParameterSet.Parse(recipe, overrides, namedShape is null ? PretrainedCheck.ConfigOnly : PretrainedCheck.None));

    public TrainingResult Train(RecipeSettings settings, TrainingData data, IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices,
        string artifactDirectory, ITrainingObserver? observer = null, CancellationToken cancellationToken = default, string? cacheDirectory = null) =>
        BertTrainer.Train(data, trainIndices, validationIndices, settings.ParametersAs<BertParameters>(), artifactDirectory, observer, cancellationToken,
            cache: cacheDirectory is null ? null : new PooledOutputCache(Path.Combine(cacheDirectory, "bert-pooled-outputs")));

    public IArticleClassifier Load(string modelDirectory) => BertPredictor.Load(modelDirectory);

    public ResourceEstimate Estimate(RecipeSettings settings, int classes, string? namedShape = null)
    {
        var bert = settings.ParametersAs<BertParameters>();
        return BertSizing.Estimate(Config(bert, namedShape), bert, classes);
    }

    /// <summary>Sized at the length the run was trained with, for the labels it has.</summary>
    public ResourceEstimate EstimateFolder(string modelDirectory)
    {
        var manifest = BertRunCheckpoint.ReadManifest(modelDirectory);
        var config = BertConfig.Load(Path.Combine(modelDirectory, BertFolder.ConfigFile));
        var parameters = BertRecipes.Defaults(BertRecipes.Names.Contains(manifest.Recipe) ? manifest.Recipe : BertRecipes.FineTune)
            with { MaxLength = manifest.MaxLength, BatchSize = BertPredictor.BatchSize, TrainBody = false };
        return BertSizing.Estimate(config, parameters, Math.Max(2, manifest.LabelNames?.Count ?? 0));
    }

    /// <summary>Total next to trainable parameters (bert-seqcls on bert-base: 3,076 of 109,485,316); no weights are read.</summary>
    public ModelDescription Describe(RecipeSettings settings, int classes, string? namedShape = null)
    {
        var bert = settings.ParametersAs<BertParameters>();
        var config = Config(bert, namedShape);
        using var model = new BertForSequenceClassification(config, classes, bert.Dropout, bert.Seed);
        model.Bert.SetTrainable(bert.TrainBody);
        return new ModelDescription(ModelSummary.Of(model),
            $"{config.NumHiddenLayers} layers, hidden {config.HiddenSize}, {config.NumAttentionHeads} heads, vocab_size {config.VocabSize}, " +
            $"max_length {bert.MaxLength}, {classes} classes, body {(bert.TrainBody ? "trainable" : "frozen")}");
    }

    /// <summary>The pretrained folder's config.json, or the standard shape <paramref name="namedShape"/> names.</summary>
    private BertConfig Config(BertParameters bert, string? namedShape) => namedShape switch
    {
        null => BertConfig.Load(Path.Combine(bert.Pretrained, BertFolder.ConfigFile)),
        "base" => BertConfig.Base,
        "small" => BertConfig.SmallL4H128A2,
        "mini" => BertConfig.MiniL4H256A4,
        _ => throw new ArgumentException($"Unknown BERT shape '{namedShape}'. Known: {string.Join(", ", NamedShapes)}.", nameof(namedShape)),
    };

    private static RecipeParseResult Settings(string recipe, (BertParameters? Value, IReadOnlyList<string> Errors) parsed) =>
        parsed.Value is { } b
            ? new RecipeParseResult(new RecipeSettings(recipe, BertParameterSet.ToStrings(b), b.Epochs, b.Seed, b.ValidationFraction, b), [])
            : new RecipeParseResult(null, parsed.Errors);
}
