using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using NewsClassifier.TestSupport;
using TorchSharp;

namespace NewsClassifier.ML.Tests.Checkpoints;

/// <summary>What the readers refuse before allocating anything: inflating or oversized storages, absurd headers; and the index they give without reading data.</summary>
public class CheckpointBoundsTests
{
    public CheckpointBoundsTests() => TestData.InitTorch();

    private static string NewPath(string name = "pytorch_model.bin") => Path.Combine(TestData.TempDirectory(), name);

    /// <summary>A torch.save zip whose storage records are written with <paramref name="level"/> (torch always stores them).</summary>
    private static string TorchZip(CompressionLevel level, Action<TorchSaveWriter> fill)
    {
        var writer = new TorchSaveWriter();
        fill(writer);
        var stored = NewPath("stored.bin");
        writer.Save(stored);
        var path = NewPath();
        using (var source = ZipFile.OpenRead(stored))
        using (var target = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, entry.FullName.Contains("/data/") ? level : CompressionLevel.NoCompression);
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return path;
    }

    [Fact]
    public void A_compressed_storage_is_refused_before_any_storage_is_read()
    {
        // 4 MB of zeros deflate to a few KB: the 1000x inflation the issue describes.
        var path = TorchZip(CompressionLevel.Optimal, w => w.Add("weight", torch.zeros(1024, 1024)));
        Assert.True(new FileInfo(path).Length < 100_000, "the deflated file is small");

        var refused = Assert.Throws<InvalidDataException>(() => StateDictReader.Read(path));
        Assert.Contains("storage '0': 'archive/data/0' is compressed", refused.Message);
        Assert.Contains("unpacking to 4,194,304", refused.Message);
        Assert.Contains("torch.save stores tensor data uncompressed", refused.Message);
        Assert.Equal(refused.Message, Assert.Throws<InvalidDataException>(() => StateDictReader.ReadIndex(path)).Message);
    }

    [Fact]
    public void A_storage_far_larger_than_its_tensors_need_is_refused()
    {
        // 3 million floats stored, a 2 x 2 view read from them.
        var path = NewPath();
        var writer = new TorchSaveWriter();
        var key = writer.AddStorage(torch.zeros(3_000_000));
        writer.AddView("small", key, 0, [2, 2], [2, 1]);
        writer.Save(path);

        var refused = Assert.Throws<InvalidDataException>(() => StateDictReader.ReadIndex(path));
        Assert.Contains("storage '0' holds 3,000,000 elements but its tensors use only 4", refused.Message);
    }

    [Fact]
    public void The_index_lists_every_tensor_without_reading_data_and_matches_what_read_loads()
    {
        foreach (var bin in new[] { false, true })
        {
            var folder = TinyCheckpoint.Write(Path.Combine(TestData.TempDirectory(), "tiny"), bin: bin);
            var file = Path.Combine(folder, bin ? "pytorch_model.bin" : "model.safetensors");
            var index = StateDictReader.ReadIndex(file);
            using var read = StateDictReader.Read(file);
            Assert.Equal(read.Tensors.Keys, index.Select(t => t.Name));
            Assert.Equal(read.Tensors.Values.Select(t => t.shape), index.Select(t => t.Shape.ToArray()));
            Assert.Equal(TinyCheckpoint.Shapes().Sum(s => s.Shape.Aggregate(1L, (a, b) => a * b)), index.Sum(t => t.Numel));
        }
    }

    [Fact]
    public void A_safetensors_header_above_16_MB_is_refused_before_it_is_read()
    {
        var path = NewPath("model.safetensors");
        long header = SafeTensors.MaxHeaderBytes + 1;
        using (var file = new FileStream(path, FileMode.Create))
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header);
            file.Write(length);
            file.Write(Encoding.ASCII.GetBytes("{"));
            file.SetLength(8 + header); // sparse: the test writes 9 bytes
        }
        var refused = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadIndex(path));
        Assert.Contains($"the header length {header} exceeds the {SafeTensors.MaxHeaderBytes}-byte limit", refused.Message);
    }

    [Fact]
    public void Safetensors_offsets_beyond_the_file_are_refused_by_the_index()
    {
        var path = NewPath("model.safetensors");
        var json = Encoding.UTF8.GetBytes("""{"w":{"dtype":"F32","shape":[1000000],"data_offsets":[0,4000000]}}""");
        using (var file = new FileStream(path, FileMode.Create))
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
            file.Write(length);
            file.Write(json);
            file.Write(new byte[16]);
        }
        var refused = Assert.Throws<InvalidDataException>(() => StateDictReader.ReadIndex(path));
        Assert.Contains("tensor 'w': data_offsets [0, 4000000) go beyond the data section (16 bytes)", refused.Message);
    }
}
