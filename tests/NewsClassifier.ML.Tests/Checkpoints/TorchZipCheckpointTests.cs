using NewsClassifier.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Checkpoints;

public class TorchZipCheckpointTests
{
    public TorchZipCheckpointTests() => TestData.InitTorch();

    private static string NewPath(string name = "pytorch_model.bin") => Path.Combine(TestData.TempDirectory(), name);

    private static float[] Floats(Tensor t) => t.data<float>().ToArray();

    [Fact]
    public void Round_trip_keeps_names_order_shapes_values_and_dtypes()
    {
        var path = NewPath();
        using var f32 = torch.arange(0, 12, dtype: ScalarType.Float32).reshape(3, 4) / 3f;
        using var f16 = torch.tensor(new[] { 1.5f, -2f, 65504f, 0.333251953125f }).to_type(ScalarType.Float16);
        using var bf16 = torch.tensor(new[] { 1f, -3.5f, 1e30f, 0.01171875f }).to_type(ScalarType.BFloat16);
        using var f64 = torch.tensor(new[] { 0.1, -1e-3 });
        using var ids = torch.arange(0, 6, dtype: ScalarType.Int64).reshape(1, 6) + 5_000_000_000L;
        using var i32 = torch.tensor(new[] { -7, 9 });
        using var mask = torch.tensor(new[] { true, false, true });
        using var scalar = torch.tensor(2.5f);
        using var empty = torch.empty(new long[] { 0, 3 }, ScalarType.Float32);
        var writer = new TorchSaveWriter();
        writer.Add("z.weight", f32);
        writer.Add("half", f16);
        writer.Add("bf", bf16);
        writer.Add("double", f64);
        writer.Add("embeddings.position_ids", ids);
        writer.Add("ints", i32);
        writer.Add("mask", mask);
        writer.Add("scalar", scalar);
        writer.Add("empty", empty);
        writer.Save(path);

        using var sd = TorchZipCheckpoint.Read(path);
        Assert.Equal(StateDictFormat.TorchZip, sd.Format);
        Assert.Equal(new[] { "z.weight", "half", "bf", "double", "embeddings.position_ids", "ints", "mask", "scalar", "empty" }, sd.Tensors.Keys);
        Assert.Equal(new long[] { 3, 4 }, sd.Tensors["z.weight"].shape);
        Assert.Equal(Floats(f32), Floats(sd.Tensors["z.weight"]));
        Assert.Equal(new[] { 1.5f, -2f, 65504f, 0.333251953125f }, Floats(sd.Tensors["half"]));
        using (var bfAsFloat = bf16.to_type(ScalarType.Float32)) Assert.Equal(Floats(bfAsFloat), Floats(sd.Tensors["bf"]));
        Assert.Equal(-3.5f, sd.Tensors["bf"][1].item<float>());
        Assert.Equal(new[] { 0.1f, -1e-3f }, Floats(sd.Tensors["double"]));
        Assert.Equal(ScalarType.Int64, sd.Tensors["embeddings.position_ids"].dtype);
        Assert.Equal(new long[] { 1, 6 }, sd.Tensors["embeddings.position_ids"].shape);
        Assert.Equal(ids.data<long>().ToArray(), sd.Tensors["embeddings.position_ids"].data<long>().ToArray());
        Assert.Equal(ScalarType.Int32, sd.Tensors["ints"].dtype);
        Assert.Equal(new[] { -7, 9 }, sd.Tensors["ints"].data<int>().ToArray());
        Assert.Equal(ScalarType.Bool, sd.Tensors["mask"].dtype);
        Assert.Equal(new[] { true, false, true }, sd.Tensors["mask"].data<bool>().ToArray());
        Assert.Empty(sd.Tensors["scalar"].shape);
        Assert.Equal(2.5f, sd.Tensors["scalar"].item<float>());
        Assert.Equal(new long[] { 0, 3 }, sd.Tensors["empty"].shape);
        foreach (var name in new[] { "z.weight", "half", "bf", "double", "scalar", "empty" })
            Assert.Equal(ScalarType.Float32, sd.Tensors[name].dtype);
        Assert.Equal(
            new[] { "F32", "F16", "BF16", "F64", "I64", "I32", "BOOL", "F32", "F32" },
            sd.Tensors.Keys.Select(k => sd.SourceDTypes[k]));
    }

    [Fact]
    public void Views_honour_offset_size_and_stride_and_tied_tensors_are_separate_copies()
    {
        var path = NewPath();
        using var values = torch.arange(0, 24, dtype: ScalarType.Float32) / 4f;
        var writer = new TorchSaveWriter();
        string key = writer.AddStorage(values);
        writer.AddView("full", key, 0, [4, 6], [6, 1]);
        writer.AddView("transposed", key, 0, [6, 4], [1, 6]);      // full.t()
        writer.AddView("row2", key, 12, [6], [1]);                 // full[2]
        writer.AddView("column3_every_other_row", key, 3, [2], [12]); // full[::2, 3]
        writer.AddView("tied", key, 0, [4, 6], [6, 1], parameter: true);
        writer.AddView("broadcast", key, 5, [2, 3], [0, 1]);       // expand: stride 0
        writer.Save(path);

        using var sd = TorchZipCheckpoint.Read(path);
        using var full = values.reshape(4, 6);
        Assert.Equal(Floats(full), Floats(sd.Tensors["full"]));
        using (var t = full.t().contiguous()) Assert.Equal(Floats(t), Floats(sd.Tensors["transposed"]));
        Assert.Equal(new long[] { 6, 4 }, sd.Tensors["transposed"].shape);
        using (var r = full[2]) Assert.Equal(Floats(r), Floats(sd.Tensors["row2"]));
        Assert.Equal(new[] { 0.75f, 3.75f }, Floats(sd.Tensors["column3_every_other_row"]));
        Assert.Equal(Floats(full), Floats(sd.Tensors["tied"]));
        Assert.Equal(new[] { 1.25f, 1.5f, 1.75f, 1.25f, 1.5f, 1.75f }, Floats(sd.Tensors["broadcast"]));
        Assert.All(sd.Tensors.Values, t => Assert.True(t.is_contiguous()));

        // Tied weights come back equal but independent: writing one does not change the other.
        sd.Tensors["full"].add_(100f);
        Assert.Equal(Floats(full), Floats(sd.Tensors["tied"]));
        using (var r = full[2]) Assert.Equal(Floats(r), Floats(sd.Tensors["row2"]));
    }

    [Fact]
    public void Half_views_of_a_shared_storage_convert_each_view()
    {
        var path = NewPath();
        using var values = (torch.arange(0, 6, dtype: ScalarType.Float32) - 2.5f).to_type(ScalarType.Float16);
        var writer = new TorchSaveWriter();
        string key = writer.AddStorage(values);
        writer.AddView("m", key, 0, [2, 3], [3, 1]);
        writer.AddView("mt", key, 0, [3, 2], [1, 3]);
        writer.Save(path);

        using var sd = TorchZipCheckpoint.Read(path);
        Assert.Equal(new[] { -2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f }, Floats(sd.Tensors["m"]));
        Assert.Equal(new[] { -2.5f, 0.5f, -1.5f, 1.5f, -0.5f, 2.5f }, Floats(sd.Tensors["mt"]));
    }

    [Fact]
    public void Big_endian_storages_are_swapped()
    {
        var path = NewPath();
        using var f = torch.tensor(new[] { 1.5f, -2.25f });
        using var h = torch.tensor(new[] { 3.5f }).to_type(ScalarType.Float16);
        using var l = torch.tensor(new[] { 1L << 40, -3L });
        var writer = new TorchSaveWriter { BigEndian = true };
        writer.Add("f", f);
        writer.Add("h", h);
        writer.Add("l", l);
        writer.Save(path);

        using var sd = TorchZipCheckpoint.Read(path);
        Assert.Equal(new[] { 1.5f, -2.25f }, Floats(sd.Tensors["f"]));
        Assert.Equal(new[] { 3.5f }, Floats(sd.Tensors["h"]));
        Assert.Equal(new[] { 1L << 40, -3L }, sd.Tensors["l"].data<long>().ToArray());
    }

    [Fact]
    public void Missing_byteorder_means_little_endian_and_any_archive_name_works()
    {
        var path = NewPath();
        using var f = torch.tensor(new[] { 1.5f, -2.25f });
        var writer = new TorchSaveWriter { WriteByteOrder = false, ArchiveName = "pytorch_model" };
        writer.Add("f", f);
        writer.Save(path);
        using var sd = TorchZipCheckpoint.Read(path);
        Assert.Equal(new[] { 1.5f, -2.25f }, Floats(sd.Tensors["f"]));
    }

    [Fact]
    public void A_thousand_and_one_tensors_span_two_SETITEMS_batches_and_LONG_BINPUT()
    {
        var path = NewPath();
        var tensors = Enumerable.Range(0, 1001).ToDictionary(i => $"layer.{i}.bias", i => torch.tensor(new[] { (float)i }));
        try
        {
            TorchSaveWriter.Write(path, tensors);
            using var sd = TorchZipCheckpoint.Read(path);
            Assert.Equal(tensors.Keys, sd.Tensors.Keys);
            Assert.Equal(1000f, sd.Tensors["layer.1000.bias"].item<float>());
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    [Fact]
    public void A_training_checkpoint_wrapping_the_state_dict_is_unwrapped()
    {
        var path = NewPath();
        // {"epoch": 3, "state_dict": {"w": tensor}}
        var p = new PickleBuilder().Proto(2).EmptyDict().Put().Mark()
            .Unicode("epoch").Put().Int(3)
            .Unicode("state_dict").Put().EmptyDict().Put()
            .Unicode("w").Put()
            .Global("torch._utils", "_rebuild_tensor_v2").Put()
            .Mark().Mark().Unicode("storage").Put().Global("torch", "FloatStorage").Put().Unicode("0").Put().Unicode("cpu").Put().Int(2).Tuple().Put().BinPersId()
            .Int(0).Int(2).Op(0x85).Put().Int(1).Op(0x85).Put().False()
            .Global("collections", "OrderedDict").Put().EmptyTuple().Reduce().Put().Tuple().Put().Reduce().Put()
            .SetItem().SetItems().Stop();
        TorchSaveWriter.WriteArchive(path, [("data.pkl", p.ToArray()), ("data/0", BitConverter.GetBytes(4f).Concat(BitConverter.GetBytes(-1f)).ToArray())]);

        using var sd = TorchZipCheckpoint.Read(path);
        Assert.Equal(new[] { "w" }, sd.Tensors.Keys);
        Assert.Equal(new[] { 4f, -1f }, Floats(sd.Tensors["w"]));
    }

    [Fact]
    public void A_dict_that_is_not_a_state_dict_is_refused_naming_the_entry()
    {
        var path = NewPath();
        var p = new PickleBuilder().Proto(2).EmptyDict().Put().Unicode("epoch").Put().Int(3).SetItem().Stop();
        TorchSaveWriter.WriteArchive(path, [("data.pkl", p.ToArray())]);
        var ex = Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path));
        Assert.Contains("entry str 'epoch' holds int 3, not a tensor", ex.Message);
        Assert.Contains(path, ex.Message);

        var list = new PickleBuilder().Proto(2).EmptyList().Stop();
        TorchSaveWriter.WriteArchive(path, [("data.pkl", list.ToArray())]);
        Assert.Contains("holds a list, not a state dict", Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path)).Message);
    }

    [Fact]
    public void A_storage_key_absent_from_the_zip_is_refused()
    {
        var path = NewPath();
        using var f = torch.tensor(new[] { 1f, 2f });
        var writer = new TorchSaveWriter();
        writer.Add("f", f);
        TorchSaveWriter.WriteArchive(path, [("data.pkl", writer.BuildPickle()), ("version", "3\n"u8.ToArray())]);
        var ex = Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path));
        Assert.Contains("storage '0' is missing: the archive has no 'archive/data/0' record", ex.Message);
    }

    [Fact]
    public void A_view_reaching_past_its_storage_is_refused()
    {
        var path = NewPath();
        using var f = torch.tensor(new[] { 1f, 2f, 3f, 4f });
        var writer = new TorchSaveWriter();
        string key = writer.AddStorage(f);
        writer.AddView("too_far", key, 2, [2, 2], [2, 1]);
        writer.Save(path);
        var ex = Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path));
        Assert.Contains("tensor 'too_far': offset 2, size [2, 2], stride [2, 1] reach element 5 but storage '0' has 4 elements", ex.Message);
    }

    [Fact]
    public void Views_that_would_blow_up_memory_are_refused()
    {
        var path = NewPath();
        using var one = torch.tensor(new[] { 1f });
        var writer = new TorchSaveWriter();
        string key = writer.AddStorage(one);
        writer.AddView("huge", key, 0, [1_000_000_000_000], [0]); // stride 0: one stored float, 4 TB loaded
        writer.Save(path);
        Assert.Contains("tensor 'huge': 1000000000000 elements viewed from storage '0' of 1", Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path)).Message);

        // Many entries each viewing the whole of one storage: allowed a few times (tied weights), not thousands.
        using var block = torch.zeros(1_000_000);
        var many = new TorchSaveWriter();
        string blockKey = many.AddStorage(block);
        for (int i = 0; i < 9; i++) many.AddView($"copy{i}", blockKey, 0, [1_000_000], [1]);
        many.Save(path);
        Assert.Contains("add up to 9000000 elements, more than 8 times the 1000000", Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path)).Message);
    }

    [Fact]
    public void Tensors_read_inside_a_dispose_scope_belong_to_the_state_dict()
    {
        var path = NewPath();
        using var f = torch.tensor(new[] { 1f, 2f });
        TorchSaveWriter.Write(path, new Dictionary<string, Tensor> { ["f"] = f, ["g"] = f });
        StateDict sd;
        using (torch.NewDisposeScope()) sd = StateDictReader.Read(path);
        using (sd) Assert.Equal(new[] { 1f, 2f }, Floats(sd.Tensors["g"]));
    }

    [Fact]
    public void A_storage_record_of_the_wrong_length_is_refused()
    {
        var path = NewPath();
        using var f = torch.tensor(new[] { 1f, 2f });
        var writer = new TorchSaveWriter();
        writer.Add("f", f);
        TorchSaveWriter.WriteArchive(path, [("data.pkl", writer.BuildPickle()), ("data/0", new byte[7])]);
        var ex = Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path));
        Assert.Contains("storage '0': 'archive/data/0' holds 7 bytes but 2 x F32 needs 8", ex.Message);
    }

    [Fact]
    public void Truncated_files_are_refused()
    {
        var path = NewPath();
        using var f = torch.arange(0, 1000, dtype: ScalarType.Float32);
        TorchSaveWriter.Write(path, new Dictionary<string, Tensor> { ["f"] = f });
        var bytes = File.ReadAllBytes(path);

        foreach (int keep in new[] { bytes.Length - 10, bytes.Length / 2, 100, 3 })
        {
            File.WriteAllBytes(path, bytes[..keep]);
            var ex = Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path));
            Assert.Contains(path, ex.Message);
            Assert.True(ex.Message.Contains("truncated") || ex.Message.Contains("not a torch.save zip"), ex.Message);
        }
    }

    [Fact]
    public void A_flipped_byte_in_a_storage_fails_the_zip_checksum()
    {
        var path = NewPath();
        using var f = torch.full(64, 1.5f);
        TorchSaveWriter.Write(path, new Dictionary<string, Tensor> { ["f"] = f });
        var bytes = File.ReadAllBytes(path);
        var pattern = BitConverter.GetBytes(1.5f);
        int at = bytes.AsSpan().IndexOf(pattern.Concat(pattern).ToArray());
        bytes[at + 3] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path));
        Assert.Contains("'archive/data/0' is damaged: its CRC-32 is", ex.Message);
    }

    [Fact]
    public void A_truncated_pickle_is_refused()
    {
        var path = NewPath();
        using var f = torch.tensor(new[] { 1f });
        var writer = new TorchSaveWriter();
        writer.Add("f", f);
        var pickle = writer.BuildPickle();
        TorchSaveWriter.WriteArchive(path, [("data.pkl", pickle[..(pickle.Length - 40)]), ("data/0", new byte[4])]);
        var ex = Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path));
        Assert.Contains("truncated file?", ex.Message);
        Assert.Contains("archive/data.pkl", ex.Message);
    }

    [Fact]
    public void The_legacy_non_zip_format_is_refused_with_how_to_convert()
    {
        var path = NewPath();
        // Legacy torch.save starts with the pickled magic number 0x1950a86a20f9469cfc6c (PROTO 2, LONG1 10 bytes).
        File.WriteAllBytes(path, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
        var ex = Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path));
        Assert.Contains("legacy (pre-1.6, non-zip) torch.save format", ex.Message);
        Assert.Contains("re-save it with torch>=1.6", ex.Message);
        Assert.Contains("convert it to safetensors", ex.Message);
        Assert.Contains("legacy", Assert.Throws<InvalidDataException>(() => StateDictReader.Read(path)).Message);
    }

    [Fact]
    public void A_zip_without_data_pkl_is_refused()
    {
        var path = NewPath();
        TorchSaveWriter.WriteArchive(path, [("version", "3\n"u8.ToArray())]);
        Assert.Contains("has no '<archive>/data.pkl' record", Assert.Throws<InvalidDataException>(() => TorchZipCheckpoint.Read(path)).Message);
    }
}
