using System.Text.Json;
using NewsClassifier.ML.Baseline;
using NewsClassifier.ML.Checkpoints;
using NewsClassifier.ML.Inference;
using NewsClassifier.ML.Training.Bert;

namespace NewsClassifier.ML.Training;

/// <summary>One user-settable parameter of a recipe, as a form or a CLI help text shows it.</summary>
public sealed record RecipeParameter(string Key, string Description, string Allowed);

/// <summary>
/// A recipe's parsed parameters: the effective values as strings (stored with the run), the few values every
/// recipe has (what the run record and the snapshot need), and the typed parameters of its family.
/// </summary>
public sealed record RecipeSettings(string Recipe, IReadOnlyDictionary<string, string> Values, int Epochs, int Seed, double ValidationFraction)
{
    /// <summary>Set for the custom-transformer recipes.</summary>
    public HyperParameters? Transformer { get; init; }
    /// <summary>Set for <c>tfidf-baseline</c>.</summary>
    public BaselineParameters? Baseline { get; init; }
    /// <summary>Set for the BERT recipes.</summary>
    public BertParameters? Bert { get; init; }
}

public sealed record RecipeParseResult(RecipeSettings? Value, IReadOnlyList<string> Errors)
{
    public bool IsValid => Value is not null && Errors.Count == 0;
}

/// <summary>
/// The one place that knows which code trains and loads each recipe: the training job, the forms, the CLI and the
/// model cache go through here instead of assuming the transformer. Three families: the custom transformer
/// (<see cref="ParameterSet"/>, <see cref="Trainer"/>, <see cref="CustomTransformerPredictor"/>) and the TF-IDF
/// baseline (<see cref="BaselineParameterSet"/>, <see cref="TfidfBaselineTrainer"/>, <see cref="TfidfBaselinePredictor"/>) and
/// BERT (<see cref="BertParameterSet"/>, <see cref="BertTrainer"/>, <see cref="BertPredictor"/>).
/// </summary>
public static class RecipeRegistry
{
    public static IReadOnlyList<string> Names => Recipes.Names;

    public static bool IsKnown(string recipe) => Recipes.Names.Contains(recipe);

    /// <summary>True for the custom-transformer recipes (<see cref="HyperParameters"/>).</summary>
    public static bool IsTransformer(string recipe) => Recipes.TransformerNames.Contains(recipe);

    /// <summary>True for the BERT recipes (<see cref="BertParameters"/>).</summary>
    public static bool IsBert(string recipe) => Recipes.BertNames.Contains(recipe);

    /// <summary>True for recipes trained with TorchSharp (they need libtorch initialised): the custom transformer and BERT.</summary>
    public static bool UsesTorch(string recipe) => IsTransformer(recipe) || IsBert(recipe);

    public static IReadOnlyList<RecipeParameter> Parameters(string recipe) => IsTransformer(recipe)
        ? ParameterSet.Specs.Select(s => new RecipeParameter(s.Key, s.Description, s.Allowed)).ToArray()
        : IsBert(recipe) ? BertParameterSet.Parameters
        : recipe == Recipes.TfidfBaseline ? BaselineParameterSet.Parameters
        : throw Unknown(recipe);

    public static IReadOnlyDictionary<string, string> DefaultsAsStrings(string recipe) => IsTransformer(recipe)
        ? ParameterSet.DefaultsAsStrings(recipe)
        : IsBert(recipe) ? BertParameterSet.ToStrings(BertRecipes.Defaults(recipe))
        : recipe == Recipes.TfidfBaseline ? BaselineParameterSet.ToStrings(new BaselineParameters())
        : throw Unknown(recipe);

    /// <summary>The recipe's defaults plus string overrides, or every error (each naming its key and what it accepts).</summary>
    public static RecipeParseResult Parse(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides)
    {
        if (IsTransformer(recipe))
        {
            var parsed = ParameterSet.Parse(recipe, overrides);
            if (!parsed.IsValid) return new RecipeParseResult(null, parsed.Errors);
            var hp = parsed.Value!;
            return new RecipeParseResult(new RecipeSettings(recipe, ParameterSet.ToStrings(hp), hp.Epochs, hp.Seed, hp.ValidationFraction) { Transformer = hp }, []);
        }
        if (IsBert(recipe))
        {
            var (b, errors) = BertParameterSet.Parse(recipe, overrides);
            if (b is null) return new RecipeParseResult(null, errors);
            return new RecipeParseResult(new RecipeSettings(recipe, BertParameterSet.ToStrings(b), b.Epochs, b.Seed, b.ValidationFraction) { Bert = b }, []);
        }
        if (recipe == Recipes.TfidfBaseline)
        {
            var (p, errors) = BaselineParameterSet.Parse(overrides);
            if (p is null) return new RecipeParseResult(null, errors);
            return new RecipeParseResult(new RecipeSettings(recipe, BaselineParameterSet.ToStrings(p), 1, p.Seed, p.ValidationFraction) { Baseline = p }, []);
        }
        return new RecipeParseResult(null, [Unknown(recipe).Message]);
    }

    /// <summary>Trains on the given index sets of <paramref name="data"/> with the recipe's trainer; the model goes to <c>{artifactDirectory}/model/</c>.</summary>
    public static TrainingResult Train(RecipeSettings settings, TrainingData data, IReadOnlyList<int> trainIndices, IReadOnlyList<int> validationIndices,
        string artifactDirectory, ITrainingObserver? observer = null, CancellationToken cancellationToken = default)
    {
        if (settings.Transformer is { } hp)
            return Trainer.Train(data, trainIndices, validationIndices, hp, artifactDirectory, observer, cancellationToken);
        if (settings.Bert is { } bert)
            return BertTrainer.Train(data, trainIndices, validationIndices, bert, artifactDirectory, observer, cancellationToken);
        if (settings.Baseline is { } p)
            return TfidfBaselineTrainer.Train(data, trainIndices, validationIndices, p, artifactDirectory, observer, cancellationToken);
        throw new ArgumentException($"The settings of '{settings.Recipe}' carry no typed parameters.", nameof(settings));
    }

    /// <summary>Loads a model folder with the predictor its config.json's format names.</summary>
    public static IArticleClassifier Load(string modelDirectory) => ModelFormat(modelDirectory) switch
    {
        BaselineManifest.CurrentFormat => TfidfBaselinePredictor.Load(modelDirectory),
        BertRunCheckpoint.CurrentFormat => BertPredictor.Load(modelDirectory),
        _ => CustomTransformerPredictor.Load(modelDirectory),
    };

    /// <summary>The <c>format</c> of a model folder's config.json (the transformer's checkpoints always have one).</summary>
    public static string? ModelFormat(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, ModelCheckpoint.ConfigFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"No {ModelCheckpoint.ConfigFile} in model folder '{modelDirectory}'.", path);
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String ? format.GetString() : null;
    }

    private static ArgumentException Unknown(string recipe) =>
        new($"Unknown recipe '{recipe}'. Known recipes: {string.Join(", ", Recipes.Names)}.", nameof(recipe));
}
