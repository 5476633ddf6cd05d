namespace NewsClassifier.Application.Resources;

/// <summary>
/// Configuration section "Resources": how much memory one model may take, checked from its settings before anything is
/// allocated (<see cref="ResourceBudget"/>). 0 (or absent) derives the budget from the memory this process may use.
/// </summary>
public sealed class ResourceOptions
{
    public const string SectionName = "Resources";

    /// <summary>Peak bytes to train one model (weights, gradients, optimiser state, activations); 0 = half of the memory available.</summary>
    [Range(0, long.MaxValue)]
    public long MaxTrainingBytes { get; set; }

    /// <summary>Peak bytes of one model loaded (classification, an import's weights check); 0 = a quarter of the memory available
    /// (the classification cache keeps several models loaded next to a training run).</summary>
    [Range(0, long.MaxValue)]
    public long MaxModelBytes { get; set; }
}
