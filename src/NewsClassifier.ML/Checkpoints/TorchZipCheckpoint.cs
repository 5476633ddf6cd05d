using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>
/// Reads a <c>torch.save</c> zip archive (torch &gt;= 1.6, e.g. Hugging Face <c>pytorch_model.bin</c>):
/// <c>&lt;archive&gt;/data.pkl</c> (the state dict, read by the restricted <see cref="PickleReader"/>),
/// <c>&lt;archive&gt;/data/&lt;key&gt;</c> (raw storage bytes), <c>&lt;archive&gt;/byteorder</c> ("little" or
/// "big"; little when absent, as torch assumes). Tensors are rebuilt from storage offset, size and
/// stride (views, slices and tied weights that share a storage), one storage at a time: each storage
/// is read once straight into native memory and released once its tensors are built.
/// </summary>
public static class TorchZipCheckpoint
{
    /// <summary>The pickle of a state dict is small (about 100 KB for BERT-large); this only stops absurd entries.</summary>
    public const long MaxPickleBytes = 256L * 1024 * 1024;

    /// <summary>Loaded elements may be at most this many times the stored ones (tied weights are loaded as copies).</summary>
    public const int MaxLoadedToStoredRatio = 8;

    private static readonly string[] WrapperKeys = ["state_dict", "model"];

    /// <summary>True when the file starts like a zip archive (local file header "PK\x03\x04").</summary>
    public static bool HasZipMagic(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;

    /// <summary>True when the file starts like a bare pickle (PROTO opcode), which is what the legacy torch.save format is.</summary>
    public static bool HasPickleMagic(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == 0x80 && head[1] <= 5;

    /// <summary>Storages may hold at most this many times the elements their tensors reach (plus <see cref="StorageSlackElements"/>).</summary>
    public const int MaxStorageToViewedRatio = 2;

    /// <summary>A storage may always exceed what its tensors reach by this many elements (small padding, a view of a buffer).</summary>
    public const long StorageSlackElements = 1_000_000;

    public static StateDict Read(string path) => Open(path, (zip, archive) => Materialize(path, archive.Entries, archive.Prefix, archive.BigEndian, archive.Selected));

    /// <summary>
    /// The tensors the pickle lists, checked as <see cref="Read"/> checks them (bounds, sizes, every storage record present,
    /// stored uncompressed and of the right length) without reading any storage.
    /// </summary>
    public static IReadOnlyList<TensorInfo> ReadIndex(string path) => Open(path, (_, archive) =>
        (IReadOnlyList<TensorInfo>)archive.Selected.Select(s => new TensorInfo(s.Name, s.Tensor.Storage.DType.Name, s.Tensor.Size)).ToArray());

    private sealed record Archive(Dictionary<string, ZipArchiveEntry> Entries, string Prefix, bool BigEndian, List<(string Name, TensorRef Tensor)> Selected);

    private static T Open<T>(string path, Func<ZipArchive, Archive, T> use)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> head = stackalloc byte[4];
        int got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (!HasZipMagic(head[..got]))
        {
            if (HasPickleMagic(head[..got]))
                throw LegacyFormat(path);
            throw Invalid(path, "not a torch.save zip archive (the file does not start with a zip header)");
        }
        stream.Position = 0;

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw Invalid(path, $"the zip archive cannot be read (truncated or damaged file?): {ex.Message}");
        }
        using (zip) return use(zip, ReadArchive(path, zip));
    }

    private static Archive ReadArchive(string path, ZipArchive zip)
    {
        var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.IndexOf('/') == e.FullName.Length - "/data.pkl".Length).ToList();
        if (pickles.Count == 0)
            throw Invalid(path, "the zip archive has no '<archive>/data.pkl' record, so it is not a torch.save file");
        if (pickles.Count > 1)
            throw Invalid(path, $"the zip archive has {pickles.Count} data.pkl records ({string.Join(", ", pickles.Select(p => p.FullName))}); expected one");
        string prefix = pickles[0].FullName[..^"data.pkl".Length];
        var entries = zip.Entries.GroupBy(e => e.FullName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        bool bigEndian = ReadByteOrder(path, entries, prefix);
        byte[] pickle = ReadPickle(path, pickles[0]);

        var globals = new TorchPickleGlobals();
        var root = new PickleReader(pickle, $"PyTorch checkpoint '{path}' ({pickles[0].FullName})", globals).Load();
        var selected = SelectStateDict(path, root);
        foreach (var (name, tensor) in selected) CheckBounds(path, name, tensor);
        CheckTotalSize(path, selected);
        CheckStorages(path, entries, prefix, selected);
        return new Archive(entries, prefix, bigEndian, selected);
    }

    /// <summary>
    /// Every storage record, before the first one is read: present, stored (torch.save never compresses them, and a
    /// deflated record could inflate a small file a thousandfold), exactly the bytes its elements need, and not much
    /// larger than what its tensors reach (a huge storage behind a tiny view would be read whole).
    /// </summary>
    private static void CheckStorages(string path, Dictionary<string, ZipArchiveEntry> entries, string prefix, List<(string Name, TensorRef Tensor)> selected)
    {
        foreach (var group in selected.GroupBy(s => s.Tensor.Storage.Key, StringComparer.Ordinal))
        {
            var storage = group.First().Tensor.Storage;
            string record = $"{prefix}data/{storage.Key}";
            if (!entries.TryGetValue(record, out var entry))
                throw Invalid(path, $"storage '{storage.Key}' is missing: the archive has no '{record}' record");
            if (entry.CompressedLength != entry.Length)
                throw Invalid(path, $"storage '{storage.Key}': '{record}' is compressed ({entry.CompressedLength:N0} bytes unpacking to {entry.Length:N0}); torch.save stores tensor data uncompressed, so this file was not written by torch and is refused");
            long bytes = StorageBytes(path, storage);
            if (entry.Length != bytes)
                throw Invalid(path, $"storage '{storage.Key}': '{record}' holds {entry.Length} bytes but {storage.Numel} x {storage.DType} needs {bytes}");
            long reached = group.Max(s => Reach(s.Tensor));
            if (storage.Numel > (double)MaxStorageToViewedRatio * reached + StorageSlackElements)
                throw Invalid(path, $"storage '{storage.Key}' holds {storage.Numel:N0} elements but its tensors use only {reached:N0}; a storage may be at most {MaxStorageToViewedRatio} times what its tensors need");
        }
    }

    /// <summary>One past the last storage element a (bounds-checked) view touches.</summary>
    private static long Reach(TensorRef t)
    {
        if (t.Numel == 0) return 0;
        long last = t.Offset;
        for (int i = 0; i < t.Size.Length; i++) last += (t.Size[i] - 1) * t.Stride[i];
        return last + 1;
    }

    private static long StorageBytes(string path, StorageRef storage)
    {
        try
        {
            return checked(storage.Numel * storage.DType.Size);
        }
        catch (OverflowException)
        {
            throw Invalid(path, $"storage '{storage.Key}': {storage.Numel} elements overflow");
        }
    }

    private static bool ReadByteOrder(string path, Dictionary<string, ZipArchiveEntry> entries, string prefix)
    {
        if (!entries.TryGetValue(prefix + "byteorder", out var entry)) return false;
        if (entry.Length > 16) throw Invalid(path, $"'{entry.FullName}' holds {entry.Length} bytes, not 'little' or 'big'");
        var bytes = new byte[entry.Length];
        ReadEntry(path, entry, bytes);
        return Encoding.ASCII.GetString(bytes).Trim() switch
        {
            "little" => false,
            "big" => true,
            var other => throw Invalid(path, $"'{entry.FullName}' says '{other}', not 'little' or 'big'"),
        };
    }

    private static byte[] ReadPickle(string path, ZipArchiveEntry entry)
    {
        if (entry.Length > MaxPickleBytes)
            throw Invalid(path, $"'{entry.FullName}' is {entry.Length} bytes, above the {MaxPickleBytes}-byte limit for a state dict's pickle");
        var bytes = new byte[entry.Length];
        ReadEntry(path, entry, bytes);
        return bytes;
    }

    /// <summary>A flat dict name -> tensor, or a dict wrapping one under "state_dict" or "model" (training checkpoints).</summary>
    private static List<(string Name, TensorRef Tensor)> SelectStateDict(string path, object? root)
    {
        if (root is not PickleDict dict)
            throw Invalid(path, $"the pickle holds {TorchPickleGlobals.Describe(root)}, not a state dict (a dict of name -> tensor)");
        if (TryFlat(dict, out var flat)) return flat;
        foreach (var key in WrapperKeys)
        {
            if (dict.TryGetValue(key, out var inner) && inner is PickleDict innerDict)
            {
                if (TryFlat(innerDict, out var wrapped)) return wrapped;
                throw Invalid(path, $"'{key}' holds a dict that is not a flat name -> tensor state dict: {FirstOffender(innerDict)}");
            }
        }
        throw Invalid(path, $"the pickle's dict is not a flat name -> tensor state dict ({FirstOffender(dict)}), and it has no '{string.Join("' or '", WrapperKeys)}' entry holding one");
    }

    private static bool TryFlat(PickleDict dict, out List<(string, TensorRef)> flat)
    {
        flat = [];
        foreach (var (key, value) in dict.Entries)
        {
            if (key is not string name || value is not TensorRef tensor) return false;
            flat.Add((name, tensor));
        }
        return true;
    }

    private static string FirstOffender(PickleDict dict)
    {
        var (key, value) = dict.Entries.First(e => e.Key is not string || e.Value is not TensorRef);
        return $"entry {TorchPickleGlobals.Describe(key)} holds {TorchPickleGlobals.Describe(value)}, not a tensor";
    }

    /// <summary>The view must lie inside its storage: offset + sum((size_i - 1) * stride_i) &lt; numel(storage).</summary>
    private static void CheckBounds(string path, string name, TensorRef t)
    {
        long numel, last;
        try
        {
            numel = t.Numel;
            last = t.Offset;
            if (numel > 0)
            {
                for (int i = 0; i < t.Size.Length; i++) last = checked(last + checked((t.Size[i] - 1) * t.Stride[i]));
            }
        }
        catch (OverflowException)
        {
            throw Invalid(path, $"tensor '{name}': size [{string.Join(", ", t.Size)}] with stride [{string.Join(", ", t.Stride)}] overflows");
        }
        bool inside = numel == 0 ? t.Offset <= t.Storage.Numel : last < t.Storage.Numel;
        if (!inside)
            throw Invalid(path, $"tensor '{name}': offset {t.Offset}, size [{string.Join(", ", t.Size)}], stride [{string.Join(", ", t.Stride)}] reach element {last} but storage '{t.Storage.Key}' has {t.Storage.Numel} elements");
        // Overlapping (stride 0) views could otherwise turn a few stored bytes into an enormous tensor.
        if (numel > t.Storage.Numel)
            throw Invalid(path, $"tensor '{name}': {numel} elements viewed from storage '{t.Storage.Key}' of {t.Storage.Numel} (an overlapping view larger than its storage is not supported)");
    }

    /// <summary>
    /// Tied weights load as copies, so the loaded tensors may exceed the stored bytes; a few times is
    /// normal (embeddings tied to a decoder), but a small file whose many entries all view one large
    /// storage would otherwise exhaust memory.
    /// </summary>
    private static void CheckTotalSize(string path, List<(string Name, TensorRef Tensor)> selected)
    {
        long stored = selected.Select(s => s.Tensor.Storage).Distinct().Sum(s => s.Numel);
        long loaded = selected.Sum(s => s.Tensor.Numel);
        if (loaded > Math.Max(MaxLoadedToStoredRatio * stored, 1_000_000))
            throw Invalid(path, $"the state dict's {selected.Count} tensors add up to {loaded} elements, more than {MaxLoadedToStoredRatio} times the {stored} elements its storages hold");
    }

    private static StateDict Materialize(string path, Dictionary<string, ZipArchiveEntry> entries, string prefix, bool bigEndian, List<(string Name, TensorRef Tensor)> selected)
    {
        var built = new Tensor?[selected.Count];
        // Our own scope: views and intermediate conversions are freed even on errors, and the loaded
        // tensors are detached from it (and from any caller's scope) because the StateDict owns them.
        using var scope = torch.NewDisposeScope();
        try
        {
            // One storage at a time, so peak memory is the loaded tensors plus one storage.
            foreach (var group in selected.Select((s, i) => (s.Name, s.Tensor, Index: i)).GroupBy(s => s.Tensor.Storage.Key, StringComparer.Ordinal))
            {
                var storage = group.First().Tensor.Storage;
                using var storageTensor = ReadStorage(path, entries, prefix, storage, bigEndian);
                bool aliased = false;
                foreach (var (name, tensor, index) in group)
                {
                    if (!aliased && CoversWholeStorage(tensor) && storage.DType.StoredAs == storage.DType.LoadedAs && storage.DType != CheckpointDType.Bool)
                    {
                        // The storage is exactly this tensor: hand it over instead of copying it (later users copy).
                        built[index] = storageTensor.view(tensor.Size);
                        aliased = true;
                        continue;
                    }
                    using var view = storageTensor.as_strided(tensor.Size, tensor.Stride, tensor.Offset);
                    built[index] = storage.DType.ToLoaded(view);
                }
            }
        }
        catch
        {
            foreach (var t in built) t?.Dispose();
            throw;
        }

        var tensors = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        var dtypes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < selected.Count; i++)
        {
            tensors[selected[i].Name] = built[i]!.DetachFromDisposeScope();
            dtypes[selected[i].Name] = selected[i].Tensor.Storage.DType.Name;
        }
        return new StateDict(path, StateDictFormat.TorchZip, tensors, dtypes);
    }

    private static bool CoversWholeStorage(TensorRef t)
    {
        if (t.Offset != 0 || t.Numel != t.Storage.Numel) return false;
        long expected = 1;
        for (int i = t.Size.Length - 1; i >= 0; i--)
        {
            if (t.Size[i] != 1 && t.Stride[i] != expected) return false;
            expected *= t.Size[i];
        }
        return true;
    }

    private static Tensor ReadStorage(string path, Dictionary<string, ZipArchiveEntry> entries, string prefix, StorageRef storage, bool bigEndian)
    {
        string record = $"{prefix}data/{storage.Key}";
        var entry = entries[record]; // present, stored and of this length: CheckStorages
        long bytes = StorageBytes(path, storage);
        if (bytes > int.MaxValue)
            throw new NotSupportedException($"PyTorch checkpoint '{path}': storage '{storage.Key}' is {bytes} bytes, above the 2 GB per-storage limit of this reader");

        var tensor = torch.empty(storage.Numel, storage.DType.StoredAs);
        try
        {
            if (bytes == 0) return tensor;
            Span<byte> target = tensor.bytes;
            ReadEntry(path, entry, target);
            if (bigEndian == BitConverter.IsLittleEndian) ReverseEndianness(target, storage.DType.Size);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a record whose declared length is <paramref name="target"/>'s length straight into it, then
    /// checks nothing follows and that the CRC-32 matches (ZipArchive does not verify stored entries).
    /// </summary>
    private static void ReadEntry(string path, ZipArchiveEntry entry, Span<byte> target)
    {
        int extra;
        try
        {
            using var s = entry.Open();
            s.ReadExactly(target);
            extra = s.ReadByte();
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException)
        {
            throw Invalid(path, $"reading '{entry.FullName}' failed (truncated or damaged file?): {ex.Message}");
        }
        if (extra != -1)
            throw Invalid(path, $"'{entry.FullName}' holds more bytes than its declared length");
        uint crc = ZipCrc32.Compute(target);
        if (crc != entry.Crc32)
            throw Invalid(path, $"'{entry.FullName}' is damaged: its CRC-32 is {crc:x8} but the zip records {entry.Crc32:x8} (re-download the file)");
    }

    private static void ReverseEndianness(Span<byte> bytes, int elementSize)
    {
        switch (elementSize)
        {
            case 2:
                var shorts = MemoryMarshal.Cast<byte, short>(bytes);
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
                break;
            case 4:
                var ints = MemoryMarshal.Cast<byte, int>(bytes);
                BinaryPrimitives.ReverseEndianness(ints, ints);
                break;
            case 8:
                var longs = MemoryMarshal.Cast<byte, long>(bytes);
                BinaryPrimitives.ReverseEndianness(longs, longs);
                break;
        }
    }

    internal static InvalidDataException LegacyFormat(string path) => Invalid(path,
        "this is the legacy (pre-1.6, non-zip) torch.save format, which this reader does not load; re-save it with torch>=1.6 (torch.save(torch.load(f), f2)) or convert it to safetensors");

    private static InvalidDataException Invalid(string path, string message) => new($"Invalid PyTorch checkpoint '{path}': {message}.");
}
