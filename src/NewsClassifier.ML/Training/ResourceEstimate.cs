namespace NewsClassifier.ML.Training;

/// <summary>
/// What a model would cost, worked out from its settings alone before any tensor is allocated (see <see cref="ModelSizing"/>):
/// its parameters and the peak bytes to train it and to load it for inference, each at the workload it was sized for.
/// The caller compares the bytes with its budget and refuses before building anything.
/// </summary>
/// <param name="TrainingWorkload">The batch and length training was sized for, e.g. "batch 32 x 256 tokens".</param>
/// <param name="InferenceWorkload">The same for one forward pass of the loaded model.</param>
public sealed record ResourceEstimate(long Parameters, long TrainableParameters,
    long TrainingBytes, string TrainingWorkload, long InferenceBytes, string InferenceWorkload);
