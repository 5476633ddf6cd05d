using System.Numerics;

namespace NewsClassifier.ML.Checkpoints;

// The only values the restricted unpickler (PickleReader) can produce. None is null, ints are long
// (BigInteger past 64 bits), floats double, strings string, bools bool; nothing here can run code.

/// <summary>A pickled tuple.</summary>
internal sealed class PickleTuple(IReadOnlyList<object?> items)
{
    public static readonly PickleTuple Empty = new([]);
    public IReadOnlyList<object?> Items { get; } = items;
    public int Count => Items.Count;
    public object? this[int i] => Items[i];
}

/// <summary>A pickled list.</summary>
internal sealed class PickleList : List<object?>;

/// <summary>A pickled dict or OrderedDict: insertion-ordered, keys compared by value (str, int, float, bool).</summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object, object?>> entries = [];
    private readonly Dictionary<object, int> index = [];

    public int Count => entries.Count;

    public IReadOnlyList<KeyValuePair<object, object?>> Entries => entries;

    public void Set(object key, object? value)
    {
        if (index.TryGetValue(key, out int i))
        {
            entries[i] = new(key, value);
            return;
        }
        index.Add(key, entries.Count);
        entries.Add(new(key, value));
    }

    public bool TryGetValue(object key, out object? value)
    {
        if (index.TryGetValue(key, out int i))
        {
            value = entries[i].Value;
            return true;
        }
        value = null;
        return false;
    }

    public static bool IsValidKey(object? key) => key is string or long or BigInteger or double or bool;
}

/// <summary>What an allow-listed global stands for.</summary>
internal enum AllowedGlobalKind
{
    OrderedDict,
    RebuildTensorV2,
    RebuildParameter,
    RebuildParameterWithState,
    TorchSize,
    /// <summary><c>torch.FloatStorage</c> and friends: only a type tag inside a storage's persistent id.</summary>
    StorageType,
    /// <summary><c>torch.float32</c> and friends: a plain value.</summary>
    DType,
}

/// <summary>A global the allow-list accepted (module and name as written in the pickle).</summary>
internal sealed record PickleGlobal(string Module, string Name, AllowedGlobalKind Kind, CheckpointDType? DType)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>A storage record of the archive (<c>data/&lt;key&gt;</c>), not read yet.</summary>
internal sealed record StorageRef(string Key, CheckpointDType DType, long Numel, string Location);

/// <summary>A tensor to rebuild from a storage: <c>_rebuild_tensor_v2(storage, offset, size, stride, ...)</c>.</summary>
internal sealed record TensorRef(StorageRef Storage, long Offset, long[] Size, long[] Stride)
{
    public long Numel => Size.Aggregate(1L, (a, b) => checked(a * b));
}
