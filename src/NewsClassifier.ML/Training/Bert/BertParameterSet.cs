using NewsClassifier.ML.Models.Bert;
using static NewsClassifier.ML.Training.ParameterSpecs<NewsClassifier.ML.Training.Bert.BertParameters>;

namespace NewsClassifier.ML.Training.Bert;

/// <summary>How much of the <c>pretrained</c> folder parsing checks.</summary>
public enum PretrainedCheck
{
    /// <summary>config.json, vocab.txt and weights must be there (to train).</summary>
    Full,
    /// <summary>A valid config.json is enough (to count parameters).</summary>
    ConfigOnly,
    /// <summary>Not looked at (the caller supplies a config).</summary>
    None,
}

/// <summary>
/// String key=value overrides to <see cref="BertParameters"/>, with every error naming its key and what it accepts
/// (the contract of <see cref="ParameterSet"/> and <see cref="Baseline.BaselineParameterSet"/>). The <c>pretrained</c>
/// folder is opened while parsing, so a run with a wrong path is refused when it is submitted, not when it starts.
/// </summary>
public static class BertParameterSet
{
    private static readonly ParameterSpec<BertParameters>[] All =
    [
        new("pretrained", "Hugging Face BERT folder (config.json, vocab.txt, model.safetensors)", "folder path", p => p.Pretrained,
            (p, s) => s.Length == 0 ? (null, "is required: the folder of a pretrained BERT checkpoint.") : (p with { Pretrained = s }, null))
        {
            Check = s => s.Length == 0 ? "is required: the folder of a pretrained BERT checkpoint." : null,
        },
        Int("max_length", "WordPiece tokens per article, [CLS] and [SEP] included (at most the checkpoint's max_position_embeddings)", 2, 4096, p => p.MaxLength, (p, v) => p with { MaxLength = v }),
        Choice("padding", "longest: pad each batch to its longest article (length buckets); max_length: every article to max_length (the lesson)",
            new[] { ("longest", PaddingMode.Longest), ("max_length", PaddingMode.MaxLength) }, p => p.Padding, (p, v) => p with { Padding = v }),
        Int("batch_size", "Articles per forward pass", 1, 4096, p => p.BatchSize, (p, v) => p with { BatchSize = v }),
        Int("gradient_accumulation", "Micro-batches per optimizer step (effective batch = batch_size x this)", 1, 1024, p => p.GradientAccumulation, (p, v) => p with { GradientAccumulation = v }),
        Int("max_tokens", "Most padded tokens per forward pass (0 = a micro-batch at once): a step's articles are cut into length-sorted passes under this budget, same gradients, memory bounded by tokens; at least max_length",
            0, 1 << 24, p => p.MaxTokens, (p, v) => p with { MaxTokens = v }),
        Int("epochs", "Passes over the training set", 1, 1000, p => p.Epochs, (p, v) => p with { Epochs = v }),
        Real("learning_rate", "Peak learning rate", 1e-8, 1, p => p.LearningRate, (p, v) => p with { LearningRate = v }),
        Real("weight_decay", "Decoupled weight decay (adamw; not on biases and LayerNorm weights)", 0, 1, p => p.WeightDecay, (p, v) => p with { WeightDecay = v }),
        Real("warmup_fraction", "Share of optimizer steps for linear warm-up from 0", 0, 0.5, p => p.WarmupFraction, (p, v) => p with { WarmupFraction = v }),
        Choice("schedule", "Learning rate after warm-up: linear decay to 0 or constant",
            new[] { ("linear", BertSchedule.Linear), ("constant", BertSchedule.Constant) }, p => p.Schedule, (p, v) => p with { Schedule = v }),
        Choice("optimizer", "Optimizer", new[] { ("adam", BertOptimizer.Adam), ("adamw", BertOptimizer.AdamW) }, p => p.Optimizer, (p, v) => p with { Optimizer = v }),
        Real("gradient_clip", "Max global gradient norm (0 = off)", 0, 1000, p => p.GradientClip, (p, v) => p with { GradientClip = v }),
        Real("dropout", "Dropout on the pooled output before the classifier", 0, 0.9, p => p.Dropout, (p, v) => p with { Dropout = v }),
        Bool("train_body", "Train the BERT body too (false: frozen feature extractor, only the classifier trains)", p => p.TrainBody, (p, v) => p with { TrainBody = v }),
        Choice("precision", "fp32, or bf16: forward and backward in bfloat16 with fp32 master weights, LayerNorm and loss (about 2x faster on CPUs with AVX512_BF16 and on recent GPUs; fp32 elsewhere); train_body=true only",
            new[] { ("fp32", TrainingPrecision.Fp32), ("bf16", TrainingPrecision.Bf16) }, p => p.Precision, (p, v) => p with { Precision = v }),
        Int("steps_per_epoch", "Optimizer steps per epoch (0 = the whole training set)", 0, 1_000_000, p => p.StepsPerEpoch, (p, v) => p with { StepsPerEpoch = v }),
        Int("validation_steps", "Validation batches per epoch (0 = the whole validation set)", 0, 1_000_000, p => p.ValidationSteps, (p, v) => p with { ValidationSteps = v }),
        Int("seed", "Random seed (split, shuffling, classifier initialisation, dropout)", 0, int.MaxValue, p => p.Seed, (p, v) => p with { Seed = v }),
        Real("validation_fraction", "Share of articles held out for validation, stratified", 0.01, 0.9, p => p.ValidationFraction, (p, v) => p with { ValidationFraction = v }),
        Int("early_stopping_patience", "Epochs without a better validation loss before stopping (0 = off)", 0, 1000, p => p.EarlyStoppingPatience, (p, v) => p with { EarlyStoppingPatience = v }),
    ];

    public static IReadOnlyList<RecipeParameter> Parameters { get; } = All.Select(s => s.ToRecipeParameter()).ToArray();

    public static IReadOnlyList<string> Keys { get; } = All.Select(s => s.Key).ToArray();

    public static IReadOnlyDictionary<string, string> ToStrings(BertParameters value) => ParameterSpecs<BertParameters>.ToStrings(All, value);

    /// <summary>The recipe's defaults plus overrides, or every error (each naming its key); the folder is checked as <paramref name="check"/> says.</summary>
    public static (BertParameters? Value, IReadOnlyList<string> Errors) Parse(string recipe, IEnumerable<KeyValuePair<string, string>>? overrides,
        PretrainedCheck check = PretrainedCheck.Full)
    {
        if (!BertRecipes.Names.Contains(recipe))
            return (null, [$"Unknown BERT recipe '{recipe}'. Known: {string.Join(", ", BertRecipes.Names)}."]);
        var (value, errors) = Apply(BertRecipes.Defaults(recipe), All, overrides, key => $"Unknown parameter '{key}' for {recipe}. Allowed: {string.Join(", ", Keys)}.");
        if (value is null) return (null, errors);
        if (value.MaxTokens > 0 && value.MaxTokens < value.MaxLength)
            errors.Add($"max_tokens: {value.MaxTokens} is below max_length ({value.MaxLength}): one article must fit in a pass (0 turns the budget off).");
        if (value.Precision == TrainingPrecision.Bf16 && !value.TrainBody)
            errors.Add("precision: bf16 applies when the body trains (train_body=true); a frozen body's outputs are computed once in fp32.");
        if (check != PretrainedCheck.None)
        {
            if (value.Pretrained.Length == 0) errors.Add("pretrained: is required: the folder of a pretrained BERT checkpoint.");
            else if (CheckFolder(value.Pretrained, check, out var config) is { } problem) errors.Add($"pretrained: {problem}");
            else if (value.MaxLength > config!.MaxPositionEmbeddings)
                errors.Add($"max_length: {value.MaxLength} exceeds the checkpoint's max_position_embeddings ({config.MaxPositionEmbeddings}).");
        }
        return errors.Count == 0 ? (value, []) : (null, errors);
    }

    /// <summary>Null when the folder is usable, else why not; <paramref name="config"/> is its config when readable.</summary>
    private static string? CheckFolder(string folder, PretrainedCheck check, out BertConfig? config)
    {
        config = null;
        try
        {
            if (check == PretrainedCheck.ConfigOnly)
            {
                if (!Directory.Exists(folder)) return $"the folder '{folder}' does not exist.";
                config = BertConfig.Load(Path.Combine(folder, BertFolder.ConfigFile));
            }
            else
            {
                config = BertFolder.Open(folder).Config;
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return $"'{folder}' is not a usable BERT folder: {e.Message}";
        }
    }
}
