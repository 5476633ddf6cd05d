namespace NewsClassifier.ML.Training.Bert;

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
    /// <summary>Most padded tokens per forward pass; 0 = each micro-batch in one pass. A step's articles are then cut into
    /// length-sorted passes under the budget (<see cref="LengthBatcher.ByTokens"/>): same gradients, memory bounded by tokens.</summary>
    public int MaxTokens { get; init; }
    /// <summary>Bf16: forward and backward in bfloat16 with fp32 master weights (body training only; fp32 where bf16 is not fast).</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Fp32;
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

    /// <summary>Sequences of max_length that bound the largest forward pass (rounded up: a pass never holds more tokens,
    /// nor more attention scores, than that many full-length sequences): what memory must hold at once.</summary>
    public int LargestPass => MaxTokens > 0 ? Math.Clamp((MaxTokens + MaxLength - 1) / MaxLength, 1, BatchSize) : BatchSize;
}
