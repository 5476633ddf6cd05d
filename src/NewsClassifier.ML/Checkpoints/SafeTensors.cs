using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>A safetensors file read into CPU tensors (floating types as float32, integer/bool types kept). Disposing it disposes the tensors.</summary>
public sealed class SafeTensorsFile : IDisposable
{
    internal SafeTensorsFile(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string> dtypes)
    {
        Tensors = tensors;
        Metadata = metadata;
        SourceDTypes = dtypes;
    }

    /// <summary>Tensors by name, in the order the header lists them.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The header's optional <c>__metadata__</c> (string to string); empty when absent.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The dtype each tensor had in the file ("F32", "F16", "BF16", "F64", "I64", "I32", "I16", "I8", "U8", "BOOL").</summary>
    public IReadOnlyDictionary<string, string> SourceDTypes { get; }

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}

/// <summary>
/// Reader and writer for the safetensors format (https://github.com/huggingface/safetensors):
/// an 8-byte little-endian header length N, N bytes of JSON header
/// (<c>name -> {dtype, shape, data_offsets: [begin, end)}</c> relative to the first byte after the
/// header, plus an optional <c>__metadata__</c> string map), then the data section.
/// Reading validates the header as strictly as the reference implementation and streams each
/// tensor's bytes from the file (no whole-file buffer). F32, F16, BF16 and F64 are decoded to float32;
/// I64, I32, I16, I8, U8 and BOOL keep their type (Hugging Face BERT carries an I64 <c>position_ids</c> buffer).
/// </summary>
public static class SafeTensors
{
    public const string MetadataKey = "__metadata__";

    /// <summary>
    /// The reference implementation allows 100 MB; a header is about 100 bytes per tensor (bert-large: 40 KB), so 16 MB
    /// covers any model this app can train while a hostile length cannot make the JSON parser hold hundreds of MB.
    /// </summary>
    public const long MaxHeaderBytes = 16 * 1024 * 1024;

    private const int ChunkBytes = 1 << 20;

    /// <summary>Dtypes this reader decodes: floating ones to float32, integer and bool ones kept (see <see cref="CheckpointDType"/>).</summary>
    public static IReadOnlyCollection<string> SupportedDTypes { get; } = CheckpointDType.All.Select(d => d.Name).ToArray();

    private sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    /// <summary>The tensors the header lists, validated as <see cref="Read"/> validates them, without reading any tensor data.</summary>
    public static IReadOnlyList<TensorInfo> ReadIndex(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var (entries, _, _) = ReadHeader(path, stream);
        return entries.Select(e => new TensorInfo(e.Name, e.DType, e.Shape)).ToArray();
    }

    public static SafeTensorsFile Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var (entries, metadata, dataStart) = ReadHeader(path, stream);

        var tensors = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        var dtypes = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var e in entries)
            {
                stream.Position = dataStart + e.Begin;
                // The SafeTensorsFile owns its tensors: a caller's dispose scope must not free them under it.
                tensors.Add(e.Name, ReadTensor(stream, e).DetachFromDisposeScope());
                dtypes.Add(e.Name, e.DType);
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return new SafeTensorsFile(tensors, metadata, dtypes);
    }

    /// <summary>Length, header and layout, checked before anything is allocated for the tensors (offsets lie in the file and tile it).</summary>
    private static (List<Entry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart) ReadHeader(string path, FileStream stream)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw Invalid(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length");

        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8))
            throw Invalid(path, $"the header length {headerLength} goes beyond the end of the file ({fileLength - 8} bytes after the length)");
        if (headerLength > MaxHeaderBytes)
            throw Invalid(path, $"the header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit");

        var headerBytes = new byte[(int)headerLength];
        stream.ReadExactly(headerBytes);
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;

        var (entries, metadata) = ParseHeader(path, headerBytes);
        ValidateLayout(path, entries, dataLength);
        return (entries, metadata, dataStart);
    }

    private static (List<Entry> Entries, IReadOnlyDictionary<string, string> Metadata) ParseHeader(string path, byte[] header)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header);
        }
        catch (JsonException ex)
        {
            throw Invalid(path, $"the header is not valid JSON: {ex.Message}");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Invalid(path, $"the header must be a JSON object, not {doc.RootElement.ValueKind}");

            var entries = new List<Entry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            bool sawMetadata = false;
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == MetadataKey)
                {
                    if (sawMetadata) throw Invalid(path, $"'{MetadataKey}' appears more than once");
                    sawMetadata = true;
                    if (prop.Value.ValueKind != JsonValueKind.Object)
                        throw Invalid(path, $"'{MetadataKey}' must be an object of strings");
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String)
                            throw Invalid(path, $"'{MetadataKey}' value '{m.Name}' must be a string, not {m.Value.ValueKind}");
                        if (!metadata.TryAdd(m.Name, m.Value.GetString()!))
                            throw Invalid(path, $"'{MetadataKey}' key '{m.Name}' appears more than once");
                    }
                    continue;
                }
                if (!names.Add(prop.Name))
                    throw Invalid(path, $"tensor '{prop.Name}' appears more than once in the header");
                entries.Add(ParseEntry(path, prop.Name, prop.Value));
            }
            return (entries, metadata);
        }
    }

    private static Entry ParseEntry(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"tensor '{name}': the entry must be an object with dtype, shape and data_offsets");

        if (!value.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String)
            throw Invalid(path, $"tensor '{name}': missing or non-string 'dtype'");
        string dtype = dtypeEl.GetString()!;
        if (!CheckpointDType.TryGet(dtype, out var dtypeInfo))
            throw Invalid(path, $"tensor '{name}': unsupported dtype '{dtype}' (supported: {string.Join(", ", SupportedDTypes)})");

        if (!value.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array)
            throw Invalid(path, $"tensor '{name}': missing or non-array 'shape'");
        var shape = new long[shapeEl.GetArrayLength()];
        int i = 0;
        foreach (var d in shapeEl.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0)
                throw Invalid(path, $"tensor '{name}': shape entries must be non-negative integers, got {d.GetRawText()}");
            shape[i++] = dim;
        }

        if (!value.TryGetProperty("data_offsets", out var offEl) || offEl.ValueKind != JsonValueKind.Array || offEl.GetArrayLength() != 2)
            throw Invalid(path, $"tensor '{name}': 'data_offsets' must be an array [begin, end]");
        var offsets = new long[2];
        i = 0;
        foreach (var o in offEl.EnumerateArray())
        {
            if (o.ValueKind != JsonValueKind.Number || !o.TryGetInt64(out long off) || off < 0)
                throw Invalid(path, $"tensor '{name}': data_offsets must be non-negative integers, got {o.GetRawText()}");
            offsets[i++] = off;
        }
        if (offsets[1] < offsets[0])
            throw Invalid(path, $"tensor '{name}': data_offsets [{offsets[0]}, {offsets[1]}) end before they begin");

        long expected;
        try
        {
            expected = checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * dtypeInfo.Size);
        }
        catch (OverflowException)
        {
            throw Invalid(path, $"tensor '{name}': shape [{string.Join(", ", shape)}] is too large");
        }
        long actual = offsets[1] - offsets[0];
        if (actual != expected)
            throw Invalid(path, $"tensor '{name}': data_offsets span {actual} bytes but shape [{string.Join(", ", shape)}] of {dtype} needs {expected}");

        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /// <summary>Like the reference: the tensors, sorted by offset, tile the data section exactly (no overlap, gap or trailing bytes).</summary>
    private static void ValidateLayout(string path, List<Entry> entries, long dataLength)
    {
        foreach (var e in entries)
        {
            if (e.End > dataLength)
                throw Invalid(path, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}) go beyond the data section ({dataLength} bytes)");
        }
        long position = 0;
        Entry? previous = null;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin < position)
                throw Invalid(path, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}) overlap tensor '{previous!.Name}' [{previous.Begin}, {previous.End})");
            if (e.Begin > position)
                throw Invalid(path, $"tensor '{e.Name}': data_offsets begin at {e.Begin} but the previous tensor ends at {position} (gap in the data section)");
            position = e.End;
            previous = e;
        }
        if (position != dataLength)
            throw Invalid(path, $"the tensors cover {position} bytes but the data section has {dataLength} bytes");
    }

    private static Tensor ReadTensor(FileStream stream, Entry e)
    {
        long count = e.Shape.Aggregate(1L, (a, b) => a * b);
        CheckpointDType.TryGet(e.DType, out var dtype);
        if (!dtype.IsFloating) return ReadRaw(stream, e, dtype, count);
        if (count * 4 > int.MaxValue)
            throw new NotSupportedException($"tensor '{e.Name}': {count} elements exceed the 2 GB per-tensor limit of this reader");

        var tensor = torch.empty(e.Shape, ScalarType.Float32);
        try
        {
            if (count == 0) return tensor;
            Span<byte> target = tensor.bytes;
            if (e.DType == "F32")
            {
                stream.ReadExactly(target);
                if (!BitConverter.IsLittleEndian) ReverseEndianness32(target);
                return tensor;
            }

            Span<float> floats = MemoryMarshal.Cast<byte, float>(target);
            int size = dtype.Size;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
            try
            {
                long done = 0;
                while (done < count)
                {
                    int n = (int)Math.Min(count - done, ChunkBytes / size);
                    var chunk = buffer.AsSpan(0, n * size);
                    stream.ReadExactly(chunk);
                    var dst = floats.Slice((int)done, n);
                    switch (e.DType)
                    {
                        case "F16":
                            for (int i = 0; i < n; i++)
                                dst[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(chunk[(2 * i)..]));
                            break;
                        case "BF16":
                            for (int i = 0; i < n; i++)
                                dst[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(chunk[(2 * i)..]) << 16);
                            break;
                        case "F64":
                            for (int i = 0; i < n; i++)
                                dst[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(chunk[(8 * i)..]);
                            break;
                        default:
                            throw new InvalidOperationException($"tensor '{e.Name}': no decoder for dtype '{e.DType}'");
                    }
                    done += n;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes floating tensors converted to <paramref name="dtype"/> ("F32" or "F16") and integer/bool
    /// tensors in their own type ("I64", "I32", "I16", "I8", "U8", "BOOL"), with the header's tensor
    /// names sorted ordinally, <c>__metadata__</c> first when given, data in the same order and the
    /// header padded with spaces so the data section starts 8-byte aligned, as the reference does.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null, string dtype = "F32")
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (dtype != "F32" && dtype != "F16")
            throw new ArgumentException($"the writer supports F32 and F16, not '{dtype}'", nameof(dtype));
        var floatType = dtype == "F32" ? CheckpointDType.F32 : CheckpointDType.F16;
        CheckpointDType TypeOf(Tensor t) => t.dtype switch
        {
            ScalarType.Int64 => CheckpointDType.I64,
            ScalarType.Int32 => CheckpointDType.I32,
            ScalarType.Int16 => CheckpointDType.I16,
            ScalarType.Int8 => CheckpointDType.I8,
            ScalarType.Byte => CheckpointDType.U8,
            ScalarType.Bool => CheckpointDType.Bool,
            _ => floatType,
        };

        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            if (name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor", nameof(tensors));
            if (name.Length == 0) throw new ArgumentException("tensor names must not be empty", nameof(tensors));
        }

        using var headerStream = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerStream))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in names)
            {
                var t = tensors[name];
                var type = TypeOf(t);
                long bytes = t.numel() * type.Size;
                json.WriteStartObject(name);
                json.WriteString("dtype", type.Name);
                json.WriteStartArray("shape");
                foreach (var d in t.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        var header = headerStream.ToArray().ToList();
        while (header.Count % 8 != 0) header.Add((byte)' ');

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Span<byte> lengthBytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)header.Count);
        file.Write(lengthBytes);
        file.Write(CollectionsMarshal.AsSpan(header));
        foreach (var name in names)
        {
            using var scope = torch.NewDisposeScope();
            var source = tensors[name];
            var type = TypeOf(source);
            // Bool is written as its 0/1 bytes (safetensors' BOOL is one byte per element).
            var t = source.detach().cpu().to_type(type == CheckpointDType.Bool ? ScalarType.Bool : type.StoredAs).contiguous();
            if (t.numel() == 0) continue;
            ReadOnlySpan<byte> data = t.bytes;
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine");
            file.Write(data);
        }
    }

    /// <summary>Integer and bool tensors: the bytes go straight into a tensor of their own type (bool via != 0).</summary>
    private static Tensor ReadRaw(FileStream stream, Entry e, CheckpointDType dtype, long count)
    {
        if (count * dtype.Size > int.MaxValue)
            throw new NotSupportedException($"tensor '{e.Name}': {count} elements exceed the 2 GB per-tensor limit of this reader");
        if (!BitConverter.IsLittleEndian && dtype.Size > 1)
            throw new PlatformNotSupportedException("reading integer safetensors needs a little-endian machine");
        var stored = torch.empty(e.Shape, dtype.StoredAs);
        try
        {
            if (count > 0) stream.ReadExactly(stored.bytes);
            if (dtype.StoredAs == dtype.LoadedAs) return stored;
            using (stored) return dtype.ToLoaded(stored);
        }
        catch
        {
            stored.Dispose();
            throw;
        }
    }

    private static void ReverseEndianness32(Span<byte> bytes)
    {
        var ints = MemoryMarshal.Cast<byte, int>(bytes);
        BinaryPrimitives.ReverseEndianness(ints, ints);
    }

    private static InvalidDataException Invalid(string path, string message) =>
        new($"Invalid safetensors file '{path}': {message}.");
}
