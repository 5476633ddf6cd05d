using NewsClassifier.ML.Text;

namespace NewsClassifier.ML.Training.Bert;

/// <summary>Learning-rate shape of the BERT recipes after warm-up.</summary>
public enum BertSchedule { Linear, Constant }

/// <summary>Optimiser of the BERT recipes: Keras Adam (<c>bert-frozen</c>, <c>bert-seqcls</c>) or AdamW with decoupled weight decay (<c>bert-finetune</c>).</summary>
public enum BertOptimizer { Adam, AdamW }

/// <summary>
/// Everything a BERT run needs, typed. Built from a recipe's defaults (<see cref="BertRecipes.Defaults"/>) plus string
/// overrides by <see cref="BertParameterSet.Parse"/>; stored with the run and in the model folder's config.json.
/// </summary>
public sealed record BertParameters
{
    public string Recipe { get; init; } = BertRecipes.FineTune;

    /// <summary>A Hugging Face BERT folder (config.json, vocab.txt, model.safetensors); required.</summary>
    public string Pretrained { get; init; } = "";

    /// <summary>WordPiece tokens per article, [CLS] and [SEP] included; at most the checkpoint's max_position_embeddings.</summary>
    public int MaxLength { get; init; } = 128;
    /// <summary>Longest: pad each batch to its longest article, batches of similar lengths; MaxLength: every article to max_length (as the reference's TF-Hub preprocessor).</summary>
    public PaddingMode Padding { get; init; } = PaddingMode.Longest;

    /// <summary>Articles per forward pass (micro-batch).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Micro-batches whose gradients add up before one optimiser step: effective batch = batch_size x gradient_accumulation.</summary>
    public int GradientAccumulation { get; init; } = 1;
    public int Epochs { get; init; } = 3;
    public double LearningRate { get; init; } = 3e-5;
    /// <summary>Decoupled weight decay (adamw only), never on biases and LayerNorm weights.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Share of all optimiser steps spent warming the learning rate up linearly from 0.</summary>
    public double WarmupFraction { get; init; }
    public BertSchedule Schedule { get; init; } = BertSchedule.Constant;
    public BertOptimizer Optimizer { get; init; } = BertOptimizer.Adam;
    /// <summary>Clip the global gradient norm to this value before each optimiser step; 0 = off.</summary>
    public double GradientClip { get; init; }
    /// <summary>Dropout on the pooled output, before the classifier.</summary>
    public double Dropout { get; init; } = 0.1;
    /// <summary>False: the BERT body is frozen and only the classifier (hidden x labels + labels) trains.</summary>
    public bool TrainBody { get; init; }

    /// <summary>Optimiser steps per epoch; 0 = the whole training set (Keras <c>steps_per_epoch</c>).</summary>
    public int StepsPerEpoch { get; init; }
    /// <summary>Validation batches evaluated per epoch; 0 = the whole validation set (Keras <c>validation_steps</c>).</summary>
    public int ValidationSteps { get; init; }

    public int Seed { get; init; } = 42;
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>Stop after this many epochs without a better validation loss and keep the best epoch's weights; 0 = off.</summary>
    public int EarlyStoppingPatience { get; init; }

    public int EffectiveBatchSize => BatchSize * GradientAccumulation;
}

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
