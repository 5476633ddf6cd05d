namespace NewsClassifier.ML.Checkpoints;

/// <summary>One tensor a weights file lists (safetensors header or torch.save pickle), known without reading its data.</summary>
public sealed record TensorInfo(string Name, string DType, IReadOnlyList<long> Shape)
{
    public long Numel => Shape.Aggregate(1L, (a, b) => a * b);
}
