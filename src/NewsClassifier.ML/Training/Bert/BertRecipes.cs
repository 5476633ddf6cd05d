namespace NewsClassifier.ML.Training.Bert;

/// <summary>The three BERT recipes and their defaults (see RECIPES.md).</summary>
public static class BertRecipes
{
    /// <summary>BERT as a frozen feature extractor, Dropout(0.1) + Dense on pooled_output.</summary>
    public const string Frozen = "bert-frozen";
    /// <summary>Everything trainable, AdamW 5e-5 with warm-up and linear decay, bf16 where the CPU or GPU runs it fast.</summary>
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
        // Chosen by measured runs on the real all-MiniLM-L6-v2 checkpoint and the 6,000-article sample (4,800/1,200, seed
        // 42; `accuracy --recipes bert-finetune`, 2 cores): the lesson's create_optimizer settings (AdamW 3e-5, batch 128 as
        // 32 x 4, 3 epochs, warm-up 10 % then linear decay) reached 0.8742 in 669 s (fp32) and 0.8742 in 200 s (bf16),
        // still rising. Batch 32 without accumulation (4x the optimiser steps), 5e-5 and 5 epochs in bf16: 0.8792,
        // 0.8975, 0.9000, 0.9075, 0.9050 per epoch, 354 s. Weight decay 0.01 as create_optimizer applies it; clipping at
        // 1.0 as Hugging Face's Trainer (max_grad_norm) and the TF optimizer (clipnorm) do. bf16 falls back to fp32
        // (logged) where the CPU has no bf16 instructions.
        FineTune => new BertParameters
        {
            Recipe = FineTune, TrainBody = true, Optimizer = BertOptimizer.AdamW, LearningRate = 5e-5, WeightDecay = 0.01,
            WarmupFraction = 0.1, Schedule = BertSchedule.Linear, BatchSize = 32, GradientAccumulation = 1, Epochs = 5,
            Padding = PaddingMode.Longest, GradientClip = 1.0, Dropout = 0.1, Precision = TrainingPrecision.Bf16,
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
