namespace NewsClassifier.ML.Runtime;

/// <summary>Configuration section "Torch": where and how tensors are computed.</summary>
public sealed class TorchOptions
{
    public const string SectionName = "Torch";

    /// <summary>"auto" (CUDA when available, else CPU), "cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Intra-op threads for CPU work; 0 keeps libtorch's default (one per core).</summary>
    public int Threads { get; set; }
}
