using static NewsClassifier.ML.Training.ParameterSpecs<NewsClassifier.ML.Training.CustomTransformer.HyperParameters>;

namespace NewsClassifier.ML.Training.CustomTransformer;

/// <summary>
/// Turns a recipe name plus string key=value overrides (from a form, a CLI or a job record) into typed
/// <see cref="HyperParameters"/>, or into every error found, each naming the key and what it accepts.
/// </summary>
public static class ParameterSet
{
    public static IReadOnlyList<ParameterSpec<HyperParameters>> Specs { get; } =
    [
        Int("vocab_size", "Vocabulary size including padding and OOV", 3, 1_000_000, h => h.Shape.VocabSize, (h, v) => h with { Shape = h.Shape with { VocabSize = v } }),
        Int("max_length", "Tokens per article (longer ones are truncated)", 1, 4096, h => h.Shape.MaxLength, (h, v) => h with { Shape = h.Shape with { MaxLength = v } }),
        Int("embed_dim", "Embedding width", 1, 4096, h => h.Shape.EmbedDim, (h, v) => h with { Shape = h.Shape with { EmbedDim = v } }),
        Int("num_heads", "Attention heads", 1, 64, h => h.Shape.NumHeads, (h, v) => h with { Shape = h.Shape with { NumHeads = v } }),
        Int("key_dim", "Width of each attention head (Keras key_dim)", 1, 1024, h => h.Shape.KeyDim, (h, v) => h with { Shape = h.Shape with { KeyDim = v } }),
        Int("ff_dim", "Feed-forward hidden width", 1, 16384, h => h.Shape.FfDim, (h, v) => h with { Shape = h.Shape with { FfDim = v } }),
        Int("num_blocks", "Transformer blocks", 1, 48, h => h.Shape.NumBlocks, (h, v) => h with { Shape = h.Shape with { NumBlocks = v } }),
        Int("dense_units", "Units of the Dense(relu) layer before the classifier", 1, 4096, h => h.Shape.DenseUnits, (h, v) => h with { Shape = h.Shape with { DenseUnits = v } }),
        Real("dropout", "Dropout rate", 0, 0.9, h => h.Shape.Dropout, (h, v) => h with { Shape = h.Shape with { Dropout = v } }),
        Bool("mask_padding", "Mask padding in attention and pooling", h => h.Shape.MaskPadding, (h, v) => h with { Shape = h.Shape with { MaskPadding = v } }),
        Bool("subwords", "Split words into byte-pair pieces learned from the training articles (vocab_size caps the pieces)", h => h.Subwords, (h, v) => h with { Subwords = v }),
        Choice("embedding_init", "Start of the word embeddings: random, or lsa (word vectors of the training articles' tf-idf, a randomized SVD)", Enum.GetValues<EmbeddingInit>(), h => h.EmbeddingInit, (h, v) => h with { EmbeddingInit = v }),
        Bool("bucket_by_length", "Batch articles of similar length, padded to the batch's longest", h => h.BucketByLength, (h, v) => h with { BucketByLength = v }),
        Choice("optimizer", "Optimizer", Enum.GetValues<OptimizerKind>(), h => h.Optimizer, (h, v) => h with { Optimizer = v }),
        Real("learning_rate", "Peak learning rate", 1e-7, 10, h => h.LearningRate, (h, v) => h with { LearningRate = v }),
        Real("weight_decay", "Weight decay (decoupled for adamw)", 0, 1, h => h.WeightDecay, (h, v) => h with { WeightDecay = v }),
        Real("momentum", "Momentum (sgd only)", 0, 0.999, h => h.Momentum, (h, v) => h with { Momentum = v }),
        Choice("lr_schedule", "Learning-rate decay after warm-up", Enum.GetValues<LearningRateSchedule>(), h => h.Schedule, (h, v) => h with { Schedule = v }),
        Real("warmup_fraction", "Share of steps for linear warm-up", 0, 0.5, h => h.WarmupFraction, (h, v) => h with { WarmupFraction = v }),
        Real("label_smoothing", "Label smoothing of the cross-entropy", 0, 0.5, h => h.LabelSmoothing, (h, v) => h with { LabelSmoothing = v }),
        Real("token_dropout", "Share of training tokens replaced by the out-of-vocabulary id (word dropout)", 0, 0.9, h => h.TokenDropout, (h, v) => h with { TokenDropout = v }),
        Real("gradient_clip", "Max global gradient norm (0 = off)", 0, 1000, h => h.GradientClip, (h, v) => h with { GradientClip = v }),
        Int("batch_size", "Articles per step", 1, 8192, h => h.BatchSize, (h, v) => h with { BatchSize = v }),
        Int("epochs", "Passes over the training set", 1, 1000, h => h.Epochs, (h, v) => h with { Epochs = v }),
        Int("seed", "Random seed (split, shuffling, initial weights, dropout)", 0, int.MaxValue, h => h.Seed, (h, v) => h with { Seed = v }),
        Real("validation_fraction", "Share of articles held out for validation, stratified", 0.01, 0.9, h => h.ValidationFraction, (h, v) => h with { ValidationFraction = v }),
        Int("early_stopping_patience", "Epochs without a better validation loss before stopping (0 = off)", 0, 1000, h => h.EarlyStoppingPatience, (h, v) => h with { EarlyStoppingPatience = v }),
        Choice("monitor", "Best-epoch criterion for early stopping and the kept weights", Enum.GetValues<MonitorMetric>(), h => h.Monitor, (h, v) => h with { Monitor = v }),
        Real("target_accuracy", "Stop once validation accuracy reaches this (0 = off)", 0, 1, h => h.TargetAccuracy, (h, v) => h with { TargetAccuracy = v }),
    ];

    public static IReadOnlyList<string> Keys { get; } = Specs.Select(s => s.Key).ToArray();

    /// <summary>Recipe defaults as strings, e.g. to pre-fill a form.</summary>
    public static IReadOnlyDictionary<string, string> DefaultsAsStrings(string recipe)
    {
        return ToStrings(HyperParameters.Defaults(recipe));
    }

    /// <summary>The full, effective parameter set of <paramref name="value"/> as strings (stored with runs and checkpoints).</summary>
    public static IReadOnlyDictionary<string, string> ToStrings(HyperParameters value) => ParameterSpecs<HyperParameters>.ToStrings(Specs, value);

    public static ParseResult Parse(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides)
    {
        if (!CustomTransformerFamily.Instance.RecipeNames.Contains(recipe))
            return new ParseResult(null, [$"Unknown recipe '{recipe}'. Known recipes: {string.Join(", ", RecipeCatalog.Names)}."]);

        var (value, errors) = Apply(HyperParameters.Defaults(recipe), Specs, overrides, key => $"Unknown parameter '{key}'. Allowed: {string.Join(", ", Keys)}.");
        return new ParseResult(value, errors);
    }

    /// <summary>Parses "key=value" pairs separated by commas, semicolons or new lines (CLI and text boxes).</summary>
    public static ParseResult Parse(string recipe, string overrides)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        var errors = new List<string>();
        foreach (var part in overrides.Split([',', ';', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) errors.Add($"'{part}' is not key=value.");
            else pairs.Add(new(part[..eq].Trim(), part[(eq + 1)..].Trim()));
        }
        var result = Parse(recipe, pairs);
        return errors.Count == 0 ? result : new ParseResult(null, [.. errors, .. result.Errors]);
    }

    /// <summary>Shown as snake case (val_loss) except single-word names (adamw); matched by the enum's name, ignoring case and underscores.</summary>
    private static ParameterSpec<HyperParameters> Choice<TEnum>(string key, string description, TEnum[] values, Func<HyperParameters, TEnum> read,
        Func<HyperParameters, TEnum, HyperParameters> apply) where TEnum : struct, Enum
    {
        static string Show(TEnum v) => typeof(TEnum) == typeof(MonitorMetric)
            ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString())
            : v.ToString().ToLowerInvariant();
        return ParameterSpecs<HyperParameters>.Choice(key, description, values.Select(v => (Show(v), v)).ToArray(), read, apply,
            (s, v) => v.Value.ToString().Equals(s.Replace("_", ""), StringComparison.OrdinalIgnoreCase));
    }
}
