using static TorchSharp.torch;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>The container a state dict was read from.</summary>
public enum StateDictFormat
{
    /// <summary>Hugging Face <c>model.safetensors</c>.</summary>
    SafeTensors,
    /// <summary><c>torch.save</c> zip archive (<c>pytorch_model.bin</c>, torch &gt;= 1.6).</summary>
    TorchZip,
}

/// <summary>
/// A checkpoint's tensors by parameter name, as CPU tensors: floating types as float32, integer and
/// bool types kept (see <see cref="CheckpointDType"/>). Every tensor is its own contiguous tensor
/// (tied weights come back as equal but separate tensors). Disposing this disposes the tensors.
/// </summary>
public sealed class StateDict(string path, StateDictFormat format, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> sourceDTypes)
    : IDisposable
{
    public string Path { get; } = path;

    public StateDictFormat Format { get; } = format;

    /// <summary>Tensors by name, in the file's order.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    /// <summary>The element type each tensor had in the file, as a <see cref="CheckpointDType.Name"/> ("F32", "F16", "BF16", "I64", ...).</summary>
    public IReadOnlyDictionary<string, string> SourceDTypes { get; } = sourceDTypes;

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
