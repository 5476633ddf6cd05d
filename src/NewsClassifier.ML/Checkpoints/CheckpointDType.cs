using static TorchSharp.torch;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>
/// One element type a checkpoint file may store, named as safetensors names it ("F32", "I64", ...).
/// Floating types are handed to the models as float32 (the only type they compute in on CPU);
/// integer and bool types keep their type, because they hold ids (e.g. <c>position_ids</c>), not weights.
/// </summary>
public sealed record CheckpointDType(string Name, int Size, ScalarType StoredAs, ScalarType LoadedAs)
{
    public static readonly CheckpointDType F32 = new("F32", 4, ScalarType.Float32, ScalarType.Float32);
    public static readonly CheckpointDType F16 = new("F16", 2, ScalarType.Float16, ScalarType.Float32);
    public static readonly CheckpointDType BF16 = new("BF16", 2, ScalarType.BFloat16, ScalarType.Float32);
    public static readonly CheckpointDType F64 = new("F64", 8, ScalarType.Float64, ScalarType.Float32);
    public static readonly CheckpointDType I64 = new("I64", 8, ScalarType.Int64, ScalarType.Int64);
    public static readonly CheckpointDType I32 = new("I32", 4, ScalarType.Int32, ScalarType.Int32);
    public static readonly CheckpointDType I16 = new("I16", 2, ScalarType.Int16, ScalarType.Int16);
    public static readonly CheckpointDType I8 = new("I8", 1, ScalarType.Int8, ScalarType.Int8);
    public static readonly CheckpointDType U8 = new("U8", 1, ScalarType.Byte, ScalarType.Byte);
    /// <summary>Read as bytes and turned into bool with <c>!= 0</c>, so an odd byte value cannot make an invalid bool tensor.</summary>
    public static readonly CheckpointDType Bool = new("BOOL", 1, ScalarType.Byte, ScalarType.Bool);

    public static IReadOnlyList<CheckpointDType> All { get; } = [F32, F16, BF16, F64, I64, I32, I16, I8, U8, Bool];

    private static readonly Dictionary<string, CheckpointDType> ByName = All.ToDictionary(d => d.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out CheckpointDType dtype) => ByName.TryGetValue(name, out dtype!);

    /// <summary>True when the loaded tensor is float32 converted from this type.</summary>
    public bool IsFloating => LoadedAs == ScalarType.Float32;

    /// <summary>
    /// Turns a tensor holding this type's stored elements (possibly a strided view) into a new,
    /// contiguous tensor of <see cref="LoadedAs"/> that shares no memory with <paramref name="stored"/>.
    /// </summary>
    internal Tensor ToLoaded(Tensor stored)
    {
        Tensor converted = this == Bool ? stored.ne(0)
            : StoredAs != LoadedAs ? stored.to_type(LoadedAs)
            : stored.clone();
        if (converted.is_contiguous()) return converted;
        using (converted) return converted.contiguous();
    }

    public override string ToString() => Name;
}
