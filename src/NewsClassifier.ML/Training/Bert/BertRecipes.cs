namespace NewsClassifier.ML.Training.Bert;

/// <summary>The three BERT recipes and their defaults (see RECIPES.md).</summary>
public static class BertRecipes
{
    /// <summary>BERT as a frozen feature extractor, Dropout(0.1) + Dense on pooled_output.</summary>
    public const string Frozen = "bert-frozen";
    /// <summary>Everything trainable, AdamW 3e-5 with warm-up and linear decay.</summary>
    public const string FineTune = "bert-finetune";
    /// <summary>Hugging Face BertForSequenceClassification, body frozen, 32 steps per epoch, 2 validation steps.</summary>
    public const string SequenceClassification = "bert-seqcls";

    public static IReadOnlyList<string> Names { get; } = [Frozen, FineTune, SequenceClassification];

    public static BertParameters Defaults(string recipe) => recipe switch
    {
        // The reference compiles this model with optimizer='adam' and no learning rate, i.e. Keras' Adam default of 1e-3:
        // only the 4-way Dense head trains, for which 1e-3 is the usual rate (3e-5 is for moving the whole body).
        // Padding to 128 tokens with input_mask, as the reference's TF-Hub preprocessor does.
        Frozen => new BertParameters
        {
            Recipe = Frozen, TrainBody = false, Optimizer = BertOptimizer.Adam, LearningRate = 1e-3,
            Schedule = BertSchedule.Constant, BatchSize = 32, Epochs = 5, Padding = PaddingMode.MaxLength, Dropout = 0.1,
        },
        // create_optimizer(init_lr=3e-5, num_train_steps, num_warmup_steps=0.1*num_train_steps, optimizer_type='adamw'):
        // the reference's batch of 128 is 32 x 4 accumulated micro-batches, so CPU memory holds 32 sequences of activations
        // at a time; gradients are identical (see BertTrainerTests). Weight decay 0.01 as create_optimizer applies it;
        // clipping at 1.0 as Hugging Face's Trainer (max_grad_norm) and the TF optimizer (clipnorm) do.
        FineTune => new BertParameters
        {
            Recipe = FineTune, TrainBody = true, Optimizer = BertOptimizer.AdamW, LearningRate = 3e-5, WeightDecay = 0.01,
            WarmupFraction = 0.1, Schedule = BertSchedule.Linear, BatchSize = 32, GradientAccumulation = 4, Epochs = 3,
            Padding = PaddingMode.Longest, GradientClip = 1.0, Dropout = 0.1,
        },
        // The reference: body frozen (3,076 trainable parameters on bert-base), Adam, batch 32, 32 steps per epoch and 2
        // validation steps "to show how training is set up", sequences padded to 128. Adam's rate is Keras' default.
        SequenceClassification => new BertParameters
        {
            Recipe = SequenceClassification, TrainBody = false, Optimizer = BertOptimizer.Adam, LearningRate = 1e-3,
            Schedule = BertSchedule.Constant, BatchSize = 32, Epochs = 3, StepsPerEpoch = 32, ValidationSteps = 2,
            Padding = PaddingMode.MaxLength, Dropout = 0.1,
        },
        _ => throw new ArgumentException($"Unknown BERT recipe '{recipe}'. Known: {string.Join(", ", Names)}.", nameof(recipe)),
    };
}
