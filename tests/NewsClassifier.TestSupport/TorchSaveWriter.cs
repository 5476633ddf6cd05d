using System.IO.Compression;
using System.Text;
using static TorchSharp.torch;

namespace NewsClassifier.TestSupport;

/// <summary>
/// Test-side <c>torch.save(state_dict, path)</c>: the zip layout and the pickle opcodes torch 1.13/2.x
/// emit for an OrderedDict of tensors (GLOBAL collections.OrderedDict, _rebuild_tensor_v2 with a
/// ('storage', torch.XStorage, key, 'cpu', numel) persistent id, memoized globals and strings,
/// SETITEMS, the <c>_metadata</c> BUILD), so tests need no Python. Views and tied tensors are made by
/// pointing several entries at one storage.
/// </summary>
public sealed class TorchSaveWriter
{
    private sealed record Storage(string Key, string TypeName, int ElementSize, byte[] Bytes, long Numel);
    private sealed record Entry(string Name, string StorageKey, long Offset, long[] Size, long[] Stride, bool Parameter);

    private readonly List<Storage> storages = [];
    private readonly List<Entry> entries = [];

    /// <summary>The archive's folder name (torch uses the file's stem or "archive").</summary>
    public string ArchiveName { get; set; } = "archive";

    /// <summary>Writes storages big-endian and <c>byteorder</c> = "big".</summary>
    public bool BigEndian { get; set; }

    /// <summary>Whether to write the <c>byteorder</c> record (torch &lt; 2.0 did not).</summary>
    public bool WriteByteOrder { get; set; } = true;

    /// <summary>Adds a storage holding <paramref name="values"/>' elements (flattened) and returns its key.</summary>
    public string AddStorage(Tensor values)
    {
        using var flat = values.detach().cpu().contiguous().flatten();
        var (typeName, size) = flat.dtype switch
        {
            ScalarType.Float32 => ("FloatStorage", 4),
            ScalarType.Float16 => ("HalfStorage", 2),
            ScalarType.BFloat16 => ("BFloat16Storage", 2),
            ScalarType.Float64 => ("DoubleStorage", 8),
            ScalarType.Int64 => ("LongStorage", 8),
            ScalarType.Int32 => ("IntStorage", 4),
            ScalarType.Int16 => ("ShortStorage", 2),
            ScalarType.Int8 => ("CharStorage", 1),
            ScalarType.Byte => ("ByteStorage", 1),
            ScalarType.Bool => ("BoolStorage", 1),
            var other => throw new ArgumentException($"no torch storage type for {other}"),
        };
        string key = storages.Count.ToString();
        storages.Add(new Storage(key, typeName, size, flat.numel() == 0 ? [] : flat.bytes.ToArray(), flat.numel()));
        return key;
    }

    /// <summary>An entry viewing a storage: <c>storage.as_strided(size, stride, offset)</c>.</summary>
    public void AddView(string name, string storageKey, long offset, long[] size, long[] stride, bool parameter = false) =>
        entries.Add(new Entry(name, storageKey, offset, size, stride, parameter));

    /// <summary>An entry with its own contiguous storage.</summary>
    public void Add(string name, Tensor tensor, bool parameter = false) =>
        AddView(name, AddStorage(tensor), 0, tensor.shape, ContiguousStrides(tensor.shape), parameter);

    public static long[] ContiguousStrides(long[] size)
    {
        var stride = new long[size.Length];
        long s = 1;
        for (int i = size.Length - 1; i >= 0; i--)
        {
            stride[i] = s;
            s *= size[i];
        }
        return stride;
    }

    /// <summary>Writes <paramref name="tensors"/>, each with its own storage, as torch.save would.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var writer = new TorchSaveWriter();
        foreach (var (name, t) in tensors) writer.Add(name, t);
        writer.Save(path);
    }

    public void Save(string path)
    {
        var records = new List<(string, byte[])> { ("data.pkl", BuildPickle()) };
        if (WriteByteOrder) records.Add(("byteorder", Encoding.ASCII.GetBytes(BigEndian ? "big" : "little")));
        foreach (var s in storages) records.Add(($"data/{s.Key}", BigEndian ? Swap(s.Bytes, s.ElementSize) : s.Bytes));
        records.Add(("version", Encoding.ASCII.GetBytes("3\n")));
        WriteArchive(path, records, ArchiveName);
    }

    /// <summary>A zip with the given records under <c>&lt;archiveName&gt;/</c>, stored uncompressed like torch does.</summary>
    public static void WriteArchive(string path, IEnumerable<(string Name, byte[] Bytes)> records, string archiveName = "archive")
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var (name, bytes) in records)
        {
            var entry = zip.CreateEntry($"{archiveName}/{name}", CompressionLevel.NoCompression);
            using var s = entry.Open();
            s.Write(bytes);
        }
    }

    /// <summary>The data.pkl torch writes for an OrderedDict state dict with <c>_metadata</c> {'': {'version': 1}}.</summary>
    public byte[] BuildPickle()
    {
        var p = new PickleBuilder().Proto(2);
        p.Global("collections", "OrderedDict").Put(out int orderedDict).EmptyTuple().Reduce().Put();
        var memo = new Dictionary<string, int>(StringComparer.Ordinal); // memoized globals and strings, like CPython's id-based memo
        void Str(string s)
        {
            if (memo.TryGetValue("s:" + s, out int i)) { p.Get(i); return; }
            p.Unicode(s).Put(out i);
            memo["s:" + s] = i;
        }
        void Glob(string module, string name)
        {
            if (memo.TryGetValue($"g:{module}.{name}", out int i)) { p.Get(i); return; }
            p.Global(module, name).Put(out i);
            memo[$"g:{module}.{name}"] = i;
        }

        // CPython's _batch_setitems: batches of 1000 as MARK ... SETITEMS, a batch of one as SETITEM.
        foreach (var batch in entries.Chunk(1000))
        {
            if (batch.Length > 1) p.Mark();
            foreach (var e in batch) SaveEntry(e);
            p.Op(batch.Length > 1 ? (byte)'u' : (byte)'s');
        }

        p.EmptyDict().Put().Unicode("_metadata").Put()
            .EmptyDict().Put().Unicode("").Put()
            .EmptyDict().Put().Unicode("version").Put().Int(1).SetItem()
            .SetItem().SetItem().Build();
        return p.Stop().ToArray();

        void SaveEntry(Entry e)
        {
            var storage = storages.Single(s => s.Key == e.StorageKey);
            p.Unicode(e.Name).Put();
            if (e.Parameter) Glob("torch._utils", "_rebuild_parameter");
            Glob("torch._utils", "_rebuild_tensor_v2");
            p.Mark();
            p.Mark();
            Str("storage");
            Glob("torch", storage.TypeName);
            Str(storage.Key);
            Str("cpu");
            p.Int(storage.Numel).Tuple().Put().BinPersId();
            p.Int(e.Offset).IntTuple(e.Size).IntTuple(e.Stride).False();
            p.Get(orderedDict).EmptyTuple().Reduce().Put(); // backward_hooks = OrderedDict()
            p.Tuple().Put().Reduce().Put();
            if (e.Parameter)
            {
                p.True().Get(orderedDict).EmptyTuple().Reduce().Put();
                p.Op(0x87).Put().Reduce().Put(); // TUPLE3 (data, requires_grad, hooks)
            }
        }
    }

    private static byte[] Swap(byte[] bytes, int size)
    {
        var swapped = (byte[])bytes.Clone();
        for (int i = 0; i < swapped.Length; i += size) Array.Reverse(swapped, i, size);
        return swapped;
    }
}
