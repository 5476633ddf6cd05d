using System.Buffers.Binary;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Checkpoints;

public class SafeTensorsTests
{
    public SafeTensorsTests() => TestData.InitTorch();

    private static string NewPath() => Path.Combine(TestData.TempDirectory(), "model.safetensors");

    /// <summary>Builds a file by hand: 8-byte length, the header exactly as given, then the data bytes.</summary>
    private static string WriteRaw(string header, byte[] data, ulong? declaredHeaderLength = null)
    {
        var path = NewPath();
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredHeaderLength ?? (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static float[] Values(Tensor t) => t.data<float>().ToArray();

    [Fact]
    public void F32_round_trip_keeps_names_shapes_values_and_metadata()
    {
        var path = NewPath();
        using var a = torch.arange(0, 24, dtype: ScalarType.Float32).reshape(2, 3, 4) / 7f;
        using var b = torch.tensor(new[] { -1.25f, 3e-8f, float.MaxValue });
        using var scalar = torch.tensor(42.5f);
        using var empty = torch.empty(new long[] { 0, 5 }, ScalarType.Float32);
        var input = new Dictionary<string, Tensor>
        {
            ["z.weight"] = a, ["a.bias"] = b, ["scalar"] = scalar, ["empty"] = empty,
        };
        var meta = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "tiny" };

        SafeTensors.Write(path, input, meta);

        var length = BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path).AsSpan(0, 8));
        Assert.Equal(0UL, (8 + length) % 8);

        using var file = SafeTensors.Read(path);
        Assert.Equal(new[] { "a.bias", "empty", "scalar", "z.weight" }, file.Tensors.Keys);
        Assert.Equal(meta, file.Metadata);
        Assert.Equal(new long[] { 2, 3, 4 }, file.Tensors["z.weight"].shape);
        Assert.Equal(Values(a), Values(file.Tensors["z.weight"]));
        Assert.Equal(Values(b), Values(file.Tensors["a.bias"]));
        Assert.Empty(file.Tensors["scalar"].shape);
        Assert.Equal(42.5f, file.Tensors["scalar"].item<float>());
        Assert.Equal(new long[] { 0, 5 }, file.Tensors["empty"].shape);
        Assert.All(file.Tensors.Values, t => Assert.Equal(ScalarType.Float32, t.dtype));
        Assert.Equal("F32", file.SourceDTypes["z.weight"]);
    }

    [Fact]
    public void F16_writer_round_trips_to_float32()
    {
        var path = NewPath();
        using var t = torch.tensor(new[] { 1.5f, -2f, 65504f, 0.333251953125f });
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["w"] = t }, dtype: "F16");
        using var file = SafeTensors.Read(path);
        Assert.Equal("F16", file.SourceDTypes["w"]);
        Assert.Equal(new[] { 1.5f, -2f, 65504f, 0.333251953125f }, Values(file.Tensors["w"]));
    }

    [Fact]
    public void Large_F16_tensor_is_decoded_across_read_chunks()
    {
        var path = NewPath();
        using var t = (torch.arange(0, 700_001, dtype: ScalarType.Float32) % 1000f) / 8f; // 1.4 MB as F16: more than one 1 MB chunk
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["big"] = t }, dtype: "F16");
        using var file = SafeTensors.Read(path);
        Assert.Equal(Values(t), Values(file.Tensors["big"]));
    }

    [Fact]
    public void Hand_written_F16_decodes_to_float32()
    {
        // 1.5 = 0x3E00, -2.0 = 0xC000, 65504 = 0x7BFF, 2^-24 (smallest subnormal) = 0x0001
        var data = new byte[] { 0x00, 0x3E, 0x00, 0xC0, 0xFF, 0x7B, 0x01, 0x00 };
        var path = WriteRaw("""{"h":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]}}""", data);
        using var file = SafeTensors.Read(path);
        var t = file.Tensors["h"];
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(new long[] { 2, 2 }, t.shape);
        Assert.Equal(new[] { 1.5f, -2f, 65504f, MathF.Pow(2, -24) }, Values(t));
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void Hand_written_BF16_decodes_to_float32()
    {
        // 1.0 = 0x3F80, -3.5 = 0xC060, 0.0 = 0x0000
        var data = new byte[] { 0x80, 0x3F, 0x60, 0xC0, 0x00, 0x00 };
        var path = WriteRaw("""{"__metadata__":{"format":"pt"},"b":{"dtype":"BF16","shape":[3],"data_offsets":[0,6]}}""", data);
        using var file = SafeTensors.Read(path);
        Assert.Equal(new[] { 1f, -3.5f, 0f }, Values(file.Tensors["b"]));
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void Mixed_dtypes_keep_the_header_order_and_F64_is_converted()
    {
        var data = new byte[8 + 4 + 2];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 0.25);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(8), 7f);
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(12), 0x3F80);
        var path = WriteRaw(
            """{"zz":{"dtype":"F64","shape":[],"data_offsets":[0,8]},"aa":{"dtype":"BF16","shape":[1],"data_offsets":[12,14]},"mm":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}""",
            data);
        using var file = SafeTensors.Read(path);
        Assert.Equal(new[] { "zz", "aa", "mm" }, file.Tensors.Keys);
        Assert.Equal(0.25f, file.Tensors["zz"].item<float>());
        Assert.Equal(new[] { 1f }, Values(file.Tensors["aa"]));
        Assert.Equal(new[] { 7f }, Values(file.Tensors["mm"]));
    }

    private static string Refused(string path)
    {
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        return ex.Message;
    }

    [Fact]
    public void Truncated_file_and_header_length_past_the_end_are_refused()
    {
        var tiny = NewPath();
        File.WriteAllBytes(tiny, new byte[] { 1, 2, 3 });
        Assert.Contains("fewer than the 8-byte header length", Refused(tiny));

        var path = WriteRaw("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[4], declaredHeaderLength: 10_000);
        Assert.Contains("beyond the end of the file", Refused(path));
    }

    [Fact]
    public void Invalid_json_is_refused()
    {
        Assert.Contains("not valid JSON", Refused(WriteRaw("""{"a":{"dtype":"F32",""", new byte[4])));
        Assert.Contains("must be a JSON object", Refused(WriteRaw("[1,2]", Array.Empty<byte>())));
    }

    [Fact]
    public void Unknown_dtype_names_the_tensor()
    {
        var msg = Refused(WriteRaw("""{"ids":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}""", new byte[8]));
        Assert.Contains("tensor 'ids'", msg);
        Assert.Contains("unsupported dtype 'C64'", msg);
        Assert.Contains("I64", msg); // the list of supported dtypes
    }

    [Fact]
    public void Hand_written_I64_position_ids_read_as_int64()
    {
        // What Hugging Face BERT checkpoints carry next to the weights: a [1, N] I64 buffer.
        var data = new byte[5 * 8 + 4];
        for (int i = 0; i < 5; i++) BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(8 * i), i == 4 ? 1L << 40 : i);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(40), 0.5f);
        var path = WriteRaw("""{"bert.embeddings.position_ids":{"dtype":"I64","shape":[1,5],"data_offsets":[0,40]},"bert.pooler.dense.bias":{"dtype":"F32","shape":[1],"data_offsets":[40,44]}}""", data);

        using var file = SafeTensors.Read(path);
        var ids = file.Tensors["bert.embeddings.position_ids"];
        Assert.Equal(ScalarType.Int64, ids.dtype);
        Assert.Equal(new long[] { 1, 5 }, ids.shape);
        Assert.Equal(new[] { 0L, 1, 2, 3, 1L << 40 }, ids.data<long>().ToArray());
        Assert.Equal("I64", file.SourceDTypes["bert.embeddings.position_ids"]);
        Assert.Equal(0.5f, file.Tensors["bert.pooler.dense.bias"].item<float>());
    }

    [Fact]
    public void Hand_written_I32_U8_and_BOOL_keep_integer_types()
    {
        var data = new byte[8 + 3 + 3];
        BinaryPrimitives.WriteInt32LittleEndian(data, -5);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), 70000);
        data[8] = 0; data[9] = 200; data[10] = 7;
        data[11] = 1; data[12] = 0; data[13] = 2; // any non-zero byte is true
        var path = WriteRaw("""{"i":{"dtype":"I32","shape":[2],"data_offsets":[0,8]},"u":{"dtype":"U8","shape":[3],"data_offsets":[8,11]},"b":{"dtype":"BOOL","shape":[3],"data_offsets":[11,14]}}""", data);

        using var file = SafeTensors.Read(path);
        Assert.Equal(new[] { -5, 70000 }, file.Tensors["i"].data<int>().ToArray());
        Assert.Equal(new byte[] { 0, 200, 7 }, file.Tensors["u"].data<byte>().ToArray());
        Assert.Equal(ScalarType.Bool, file.Tensors["b"].dtype);
        Assert.Equal(new[] { true, false, true }, file.Tensors["b"].data<bool>().ToArray());
    }

    [Fact]
    public void Writer_keeps_integer_and_bool_tensors_in_their_own_dtype()
    {
        var path = NewPath();
        using var ids = torch.arange(0, 512, dtype: ScalarType.Int64).unsqueeze(0);
        using var mask = torch.tensor(new[] { true, false });
        using var w = torch.tensor(new[] { 0.25f, -1f });
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["position_ids"] = ids, ["mask"] = mask, ["w"] = w }, dtype: "F16");

        using var file = SafeTensors.Read(path);
        Assert.Equal("I64", file.SourceDTypes["position_ids"]);
        Assert.Equal("BOOL", file.SourceDTypes["mask"]);
        Assert.Equal("F16", file.SourceDTypes["w"]);
        Assert.Equal(ids.data<long>().ToArray(), file.Tensors["position_ids"].data<long>().ToArray());
        Assert.Equal(new[] { true, false }, file.Tensors["mask"].data<bool>().ToArray());
        Assert.Equal(new[] { 0.25f, -1f }, Values(file.Tensors["w"]));
    }

    [Fact]
    public void Offsets_past_the_data_section_are_refused()
    {
        var msg = Refused(WriteRaw("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", new byte[4]));
        Assert.Contains("tensor 'w'", msg);
        Assert.Contains("beyond the data section", msg);
    }

    [Fact]
    public void Wrong_byte_count_is_refused()
    {
        var msg = Refused(WriteRaw("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", new byte[8]));
        Assert.Contains("tensor 'w'", msg);
        Assert.Contains("span 8 bytes but shape [3] of F32 needs 12", msg);
    }

    [Fact]
    public void Overlapping_reversed_and_gapped_offsets_are_refused()
    {
        var overlap = Refused(WriteRaw(
            """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", new byte[12]));
        Assert.Contains("tensor 'b'", overlap);
        Assert.Contains("overlap tensor 'a'", overlap);

        var reversed = Refused(WriteRaw("""{"a":{"dtype":"F32","shape":[0],"data_offsets":[4,0]}}""", new byte[4]));
        Assert.Contains("end before they begin", reversed);

        var gap = Refused(WriteRaw("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", new byte[8]));
        Assert.Contains("gap", gap);

        var trailing = Refused(WriteRaw("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[8]));
        Assert.Contains("cover 4 bytes but the data section has 8", trailing);
    }

    [Fact]
    public void Duplicate_tensor_names_are_refused()
    {
        var msg = Refused(WriteRaw(
            """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", new byte[8]));
        Assert.Contains("tensor 'a' appears more than once", msg);
    }

    [Fact]
    public void Bad_shape_and_metadata_are_refused()
    {
        Assert.Contains("non-negative integers", Refused(WriteRaw("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}""", Array.Empty<byte>())));
        Assert.Contains("must be a string", Refused(WriteRaw("""{"__metadata__":{"n":1}}""", Array.Empty<byte>())));
    }
}
