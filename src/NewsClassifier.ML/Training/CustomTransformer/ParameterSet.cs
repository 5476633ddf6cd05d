using System.Globalization;

namespace NewsClassifier.ML.Training.CustomTransformer;

/// <summary>
/// Turns a recipe name plus string key=value overrides (from a form, a CLI or a job record) into typed
/// <see cref="HyperParameters"/>, or into every error found, each naming the key and what it accepts.
/// </summary>
public static class ParameterSet
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IReadOnlyList<ParameterSpec> Specs { get; } =
    [
        Int("vocab_size", "Vocabulary size including padding and OOV", 3, 1_000_000, h => h.VocabSize, (h, v) => h with { VocabSize = v }),
        Int("max_length", "Tokens per article (longer ones are truncated)", 1, 4096, h => h.MaxLength, (h, v) => h with { MaxLength = v }),
        Int("embed_dim", "Embedding width", 1, 4096, h => h.EmbedDim, (h, v) => h with { EmbedDim = v }),
        Int("num_heads", "Attention heads", 1, 64, h => h.NumHeads, (h, v) => h with { NumHeads = v }),
        Int("key_dim", "Width of each attention head (Keras key_dim)", 1, 1024, h => h.KeyDim, (h, v) => h with { KeyDim = v }),
        Int("ff_dim", "Feed-forward hidden width", 1, 16384, h => h.FfDim, (h, v) => h with { FfDim = v }),
        Int("num_blocks", "Transformer blocks", 1, 48, h => h.NumBlocks, (h, v) => h with { NumBlocks = v }),
        Int("dense_units", "Units of the Dense(relu) layer before the classifier", 1, 4096, h => h.DenseUnits, (h, v) => h with { DenseUnits = v }),
        Real("dropout", "Dropout rate", 0, 0.9, h => h.Dropout, (h, v) => h with { Dropout = v }),
        Bool("mask_padding", "Mask padding in attention and pooling", h => h.MaskPadding, (h, v) => h with { MaskPadding = v }),
        Bool("bucket_by_length", "Batch articles of similar length, padded to the batch's longest", h => h.BucketByLength, (h, v) => h with { BucketByLength = v }),
        Choice("optimizer", "Optimizer", Enum.GetValues<OptimizerKind>(), h => h.Optimizer, (h, v) => h with { Optimizer = v }),
        Real("learning_rate", "Peak learning rate", 1e-7, 10, h => h.LearningRate, (h, v) => h with { LearningRate = v }),
        Real("weight_decay", "Weight decay (decoupled for adamw)", 0, 1, h => h.WeightDecay, (h, v) => h with { WeightDecay = v }),
        Real("momentum", "Momentum (sgd only)", 0, 0.999, h => h.Momentum, (h, v) => h with { Momentum = v }),
        Choice("lr_schedule", "Learning-rate decay after warm-up", Enum.GetValues<LearningRateSchedule>(), h => h.Schedule, (h, v) => h with { Schedule = v }),
        Real("warmup_fraction", "Share of steps for linear warm-up", 0, 0.5, h => h.WarmupFraction, (h, v) => h with { WarmupFraction = v }),
        Real("label_smoothing", "Label smoothing of the cross-entropy", 0, 0.5, h => h.LabelSmoothing, (h, v) => h with { LabelSmoothing = v }),
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
        var defaults = HyperParameters.Defaults(recipe);
        return Specs.ToDictionary(s => s.Key, s => s.Read(defaults));
    }

    /// <summary>The full, effective parameter set of <paramref name="value"/> as strings (stored with runs and checkpoints).</summary>
    public static IReadOnlyDictionary<string, string> ToStrings(HyperParameters value) =>
        Specs.ToDictionary(s => s.Key, s => s.Read(value));

    public static ParseResult Parse(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides)
    {
        if (!CustomTransformerFamily.Instance.RecipeNames.Contains(recipe))
            return new ParseResult(null, [$"Unknown recipe '{recipe}'. Known recipes: {string.Join(", ", RecipeCatalog.Names)}."]);

        var value = HyperParameters.Defaults(recipe);
        var errors = new List<string>();
        var byKey = Specs.ToDictionary(s => s.Key, StringComparer.OrdinalIgnoreCase);
        foreach (var (rawKey, rawValue) in overrides ?? [])
        {
            var key = rawKey.Trim();
            if (!byKey.TryGetValue(key, out var spec))
            {
                errors.Add($"Unknown parameter '{key}'. Allowed: {string.Join(", ", Keys)}.");
                continue;
            }
            var (next, error) = spec.Apply(value, (rawValue ?? "").Trim());
            if (error is not null) errors.Add($"{spec.Key}: {error}");
            else value = next!;
        }

        return errors.Count == 0 ? new ParseResult(value, []) : new ParseResult(null, errors);
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

    private static ParameterSpec Int(string key, string description, int min, int max, Func<HyperParameters, int> read, Func<HyperParameters, int, HyperParameters> apply) =>
        new(key, description, $"integer {min}..{max}", h => read(h).ToString(C), (h, s) =>
            !int.TryParse(s, NumberStyles.Integer, C, out var v) ? (null, $"'{s}' is not an integer (allowed: {min}..{max}).")
            : v < min || v > max ? (null, $"{v} is out of range (allowed: {min}..{max}).")
            : (apply(h, v), null));

    private static ParameterSpec Real(string key, string description, double min, double max, Func<HyperParameters, double> read, Func<HyperParameters, double, HyperParameters> apply) =>
        new(key, description, $"number {min.ToString(C)}..{max.ToString(C)}", h => read(h).ToString("R", C), (h, s) =>
            !double.TryParse(s, NumberStyles.Float, C, out var v) || !double.IsFinite(v) ? (null, $"'{s}' is not a number (allowed: {min.ToString(C)}..{max.ToString(C)}).")
            : v < min || v > max ? (null, $"{v.ToString(C)} is out of range (allowed: {min.ToString(C)}..{max.ToString(C)}).")
            : (apply(h, v), null));

    private static ParameterSpec Bool(string key, string description, Func<HyperParameters, bool> read, Func<HyperParameters, bool, HyperParameters> apply) =>
        new(key, description, "true|false", h => read(h) ? "true" : "false", (h, s) =>
            s.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => (apply(h, true), null),
                "false" or "0" or "no" => (apply(h, false), null),
                _ => (null, $"'{s}' is not a boolean (allowed: true|false)."),
            });

    private static ParameterSpec Choice<T>(string key, string description, T[] values, Func<HyperParameters, T> read, Func<HyperParameters, T, HyperParameters> apply) where T : struct, Enum
    {
        // Shown as snake case (val_loss) except single-word names (adamw); matched ignoring case and underscores.
        static string Show(T v) => typeof(T) == typeof(MonitorMetric)
            ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString())
            : v.ToString().ToLowerInvariant();
        string allowed = string.Join("|", values.Select(Show));
        return new(key, description, allowed, h => Show(read(h)), (h, s) =>
        {
            var match = values.Where(v => v.ToString().Equals(s.Replace("_", ""), StringComparison.OrdinalIgnoreCase)).ToArray();
            return match.Length == 1 ? (apply(h, match[0]), null) : (null, $"'{s}' is not allowed (allowed: {allowed}).");
        });
    }
}
