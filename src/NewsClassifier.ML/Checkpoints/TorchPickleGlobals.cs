using System.Numerics;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>
/// The allow-list of the restricted unpickler and what its few callables mean: exactly what a
/// <c>torch.save</c>d state dict needs (OrderedDict, tensor/parameter rebuild functions, storage type
/// tags, dtypes, torch.Size). Nothing is imported or run; the "calls" build inert
/// <see cref="PickleDict"/>, <see cref="TensorRef"/> and <see cref="StorageRef"/> values.
/// One instance per file: it also collects the storages the pickle refers to.
/// </summary>
internal sealed class TorchPickleGlobals
{
    private static readonly Dictionary<string, CheckpointDType> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = CheckpointDType.F32,
        ["HalfStorage"] = CheckpointDType.F16,
        ["BFloat16Storage"] = CheckpointDType.BF16,
        ["DoubleStorage"] = CheckpointDType.F64,
        ["LongStorage"] = CheckpointDType.I64,
        ["IntStorage"] = CheckpointDType.I32,
        ["ShortStorage"] = CheckpointDType.I16,
        ["CharStorage"] = CheckpointDType.I8,
        ["ByteStorage"] = CheckpointDType.U8,
        ["BoolStorage"] = CheckpointDType.Bool,
    };

    private static readonly Dictionary<string, CheckpointDType> DTypes = new(StringComparer.Ordinal)
    {
        ["float32"] = CheckpointDType.F32, ["float"] = CheckpointDType.F32,
        ["float16"] = CheckpointDType.F16, ["half"] = CheckpointDType.F16,
        ["bfloat16"] = CheckpointDType.BF16,
        ["float64"] = CheckpointDType.F64, ["double"] = CheckpointDType.F64,
        ["int64"] = CheckpointDType.I64, ["long"] = CheckpointDType.I64,
        ["int32"] = CheckpointDType.I32, ["int"] = CheckpointDType.I32,
        ["int16"] = CheckpointDType.I16, ["short"] = CheckpointDType.I16,
        ["int8"] = CheckpointDType.I8, ["uint8"] = CheckpointDType.U8, ["bool"] = CheckpointDType.Bool,
    };

    private static readonly Dictionary<string, AllowedGlobalKind> Functions = new(StringComparer.Ordinal)
    {
        ["collections.OrderedDict"] = AllowedGlobalKind.OrderedDict,
        ["torch._utils._rebuild_tensor_v2"] = AllowedGlobalKind.RebuildTensorV2,
        ["torch._utils._rebuild_parameter"] = AllowedGlobalKind.RebuildParameter,
        ["torch._utils._rebuild_parameter_with_state"] = AllowedGlobalKind.RebuildParameterWithState,
        ["torch.Size"] = AllowedGlobalKind.TorchSize,
    };

    private readonly Dictionary<string, StorageRef> storages = new(StringComparer.Ordinal);

    /// <summary>Storages by archive key, in the order the pickle first names them.</summary>
    public IReadOnlyDictionary<string, StorageRef> Storages => storages;

    /// <summary>The globals this reader accepts, for error messages.</summary>
    public static string AllowedSummary =>
        string.Join(", ", Functions.Keys) + ", torch.<Type>Storage (" + string.Join(", ", StorageTypes.Keys) + "), torch.<dtype>";

    public PickleGlobal Resolve(string module, string name)
    {
        string full = $"{module}.{name}";
        if (Functions.TryGetValue(full, out var kind)) return new PickleGlobal(module, name, kind, null);
        if (module == "torch" && StorageTypes.TryGetValue(name, out var storageType))
            return new PickleGlobal(module, name, AllowedGlobalKind.StorageType, storageType);
        if (module == "torch" && DTypes.TryGetValue(name, out var dtype))
            return new PickleGlobal(module, name, AllowedGlobalKind.DType, dtype);
        throw new PickleRefusedException($"global '{full}' is not allowed (a state dict only needs {AllowedSummary}); nothing was executed");
    }

    public object? Reduce(object? callable, PickleTuple args)
    {
        if (callable is not PickleGlobal global)
            throw new PickleRefusedException($"REDUCE on {Describe(callable)} is not allowed");
        switch (global.Kind)
        {
            case AllowedGlobalKind.OrderedDict:
                if (args.Count != 0) throw new PickleRefusedException("OrderedDict(...) with arguments is not supported");
                return new PickleDict();
            case AllowedGlobalKind.RebuildTensorV2:
                return RebuildTensor(args);
            case AllowedGlobalKind.RebuildParameter:
            case AllowedGlobalKind.RebuildParameterWithState:
                {
                    int expected = global.Kind == AllowedGlobalKind.RebuildParameter ? 3 : 4;
                    if (args.Count != expected || args[0] is not TensorRef data || args[1] is not bool)
                        throw new PickleRefusedException($"{global.FullName} expects (tensor, requires_grad, hooks{(expected == 4 ? ", state" : "")}), got {DescribeArgs(args)}");
                    return data;
                }
            case AllowedGlobalKind.TorchSize:
                if (args.Count != 1 || args[0] is not PickleTuple dims || dims.Items.Any(d => d is not long))
                    throw new PickleRefusedException($"torch.Size expects a tuple of ints, got {DescribeArgs(args)}");
                return dims;
            default:
                throw new PickleRefusedException($"REDUCE on '{global.FullName}' is not allowed (it is a type tag, not a function a state dict calls)");
        }
    }

    /// <summary>
    /// BUILD sets attributes; the only one a state dict carries is OrderedDict's <c>_metadata</c>
    /// (module versions), which loading weights does not need, so it is accepted and ignored.
    /// </summary>
    public void Build(object? target, object? state)
    {
        bool dictState = state is PickleDict || (state is PickleTuple { Count: 2 } t && t[0] is PickleDict or null && t[1] is PickleDict or null);
        if (target is PickleDict && dictState) return;
        throw new PickleRefusedException($"BUILD on {Describe(target)} with {Describe(state)} is not allowed");
    }

    /// <summary>A storage's persistent id: <c>('storage', torch.&lt;Type&gt;Storage, key, location, numel)</c>.</summary>
    public object PersistentLoad(object? pid)
    {
        if (pid is not PickleTuple { Count: 5 } t || t[0] is not "storage")
            throw new PickleRefusedException($"persistent id {DescribeArgs(pid as PickleTuple)} is not a ('storage', type, key, location, numel) tuple");
        if (t[1] is not PickleGlobal { Kind: AllowedGlobalKind.StorageType, DType: { } dtype })
            throw new PickleRefusedException($"persistent id's storage type is {Describe(t[1])}, not a torch.<Type>Storage");
        if (t[2] is not string key || key.Length == 0 || key.Contains('/') || key.Contains('\\') || key.Contains(".."))
            throw new PickleRefusedException($"persistent id's storage key {Describe(t[2])} is not a plain record name");
        if (t[3] is not string location)
            throw new PickleRefusedException($"persistent id's location is {Describe(t[3])}, not a string");
        if (t[4] is not long numel || numel < 0)
            throw new PickleRefusedException($"persistent id's element count is {Describe(t[4])}, not a non-negative int");

        if (storages.TryGetValue(key, out var existing))
        {
            if (existing.DType != dtype || existing.Numel != numel)
                throw new PickleRefusedException($"storage '{key}' is named both as {existing.Numel} x {existing.DType} and as {numel} x {dtype}");
            return existing;
        }
        var storage = new StorageRef(key, dtype, numel, location);
        storages.Add(key, storage);
        return storage;
    }

    private static TensorRef RebuildTensor(PickleTuple args)
    {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (args.Count is < 6 or > 7 || args[0] is not StorageRef storage || args[1] is not long offset
            || args[2] is not PickleTuple size || args[3] is not PickleTuple stride || args[4] is not bool)
            throw new PickleRefusedException($"torch._utils._rebuild_tensor_v2 expects (storage, offset, size, stride, requires_grad, hooks[, metadata]), got {DescribeArgs(args)}");
        if (args.Count == 7 && args[6] is PickleDict { Count: > 0 })
            throw new PickleRefusedException("tensor metadata (the 7th _rebuild_tensor_v2 argument) is not supported");
        if (size.Count != stride.Count)
            throw new PickleRefusedException($"tensor size has {size.Count} dimensions but stride has {stride.Count}");
        var sizes = Longs(size, "size");
        var strides = Longs(stride, "stride");
        if (offset < 0 || sizes.Any(s => s < 0) || strides.Any(s => s < 0))
            throw new PickleRefusedException($"negative offset, size or stride (offset {offset}, size [{string.Join(", ", sizes)}], stride [{string.Join(", ", strides)}])");
        return new TensorRef(storage, offset, sizes, strides);
    }

    private static long[] Longs(PickleTuple tuple, string what) => tuple.Items
        .Select(x => x is long l ? l : throw new PickleRefusedException($"tensor {what} holds {Describe(x)}, not an int"))
        .ToArray();

    private static string DescribeArgs(PickleTuple? args) =>
        args is null ? "a non-tuple" : "(" + string.Join(", ", args.Items.Select(Describe)) + ")";

    /// <summary>A short, safe description of an unpickled value for error messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        string s => s.Length <= 40 ? $"str '{s}'" : $"str '{s[..40]}...'",
        long l => $"int {l}",
        BigInteger => "a big int",
        double d => $"float {d}",
        bool b => b ? "True" : "False",
        PickleTuple t => $"a tuple of {t.Count}",
        PickleList => "a list",
        PickleDict => "a dict",
        PickleGlobal g => $"'{g.FullName}'",
        StorageRef s => $"storage '{s.Key}'",
        TensorRef => "a tensor",
        _ => value.GetType().Name,
    };
}
