namespace NewsClassifier.ML.Training;

/// <summary>
/// The arithmetic every family's sizing shares. Training holds the weights, their gradients and the optimiser's state
/// (Adam/AdamW: two moments, so 3 extra copies of every trainable parameter), plus the activations the backward pass
/// keeps; inference holds the weights plus one layer's activations at a time. Everything is float32. The total is
/// multiplied by <see cref="SafetyFactor"/> for what the count leaves out (allocator slack, temporaries of the backward
/// pass, the tokenised batch). Counts are doubles so absurd settings saturate instead of overflowing.
/// </summary>
public static class ModelSizing
{
    public const int FloatBytes = 4;

    /// <summary>Gradient + Adam's first and second moment per trainable parameter (SGD needs fewer; sized for the worst).</summary>
    public const int OptimizerCopies = 3;

    /// <summary>Head-room on top of the counted tensors (allocator slack, backward temporaries, libtorch's own buffers). A stated
    /// margin, not a calibration: the estimate is meant to refuse what cannot fit, not to predict a peak to the megabyte.</summary>
    public const double SafetyFactor = 1.5;

    /// <summary>Training bytes for <paramref name="parameters"/> weights of which <paramref name="trainable"/> train, plus activation elements.</summary>
    public static long TrainingBytes(double parameters, double trainable, double activationElements) =>
        Saturate((parameters + OptimizerCopies * trainable + activationElements) * FloatBytes * SafetyFactor);

    /// <summary>Inference bytes: the weights plus the activation elements alive at the peak.</summary>
    public static long InferenceBytes(double parameters, double activationElements) =>
        Saturate((parameters + activationElements) * FloatBytes * SafetyFactor);

    /// <summary>How many items of <paramref name="perItem"/> elements fit in <paramref name="budget"/> elements: at least 1 (one is what the work needs), at most <see cref="Explain.IntegratedGradients.MaxSteps"/>.</summary>
    public static int StepsWithin(double budget, double perItem) =>
        perItem <= 0 ? Explain.IntegratedGradients.MaxSteps : (int)Math.Clamp(Math.Floor(budget / perItem), 1, Explain.IntegratedGradients.MaxSteps);

    public static long Saturate(double value) => value >= long.MaxValue ? long.MaxValue : (long)Math.Ceiling(value);
}
