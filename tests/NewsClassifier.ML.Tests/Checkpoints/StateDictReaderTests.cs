using NewsClassifier.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Checkpoints;

public class StateDictReaderTests
{
    private readonly string dir = TestData.TempDirectory();

    public StateDictReaderTests() => TestData.InitTorch();

    [Fact]
    public void The_format_is_chosen_by_content_not_by_extension()
    {
        using var w = torch.tensor(new[] { 0.5f, -1f });
        using var ids = torch.arange(0, 4, dtype: ScalarType.Int64).unsqueeze(0);
        var tensors = new Dictionary<string, Tensor> { ["embeddings.position_ids"] = ids, ["w"] = w };
        var safetensorsNamedBin = Path.Combine(dir, "pytorch_model.bin");
        var torchNamedSafetensors = Path.Combine(dir, "model.safetensors");
        SafeTensors.Write(safetensorsNamedBin, tensors);
        TorchSaveWriter.Write(torchNamedSafetensors, tensors);

        foreach (var (path, format) in new[] { (safetensorsNamedBin, StateDictFormat.SafeTensors), (torchNamedSafetensors, StateDictFormat.TorchZip) })
        {
            Assert.Equal(format, StateDictReader.Detect(path));
            using var sd = StateDictReader.Read(path);
            Assert.Equal(format, sd.Format);
            Assert.Equal(path, sd.Path);
            Assert.Equal(new[] { 0.5f, -1f }, sd.Tensors["w"].data<float>().ToArray());
            Assert.Equal(ScalarType.Int64, sd.Tensors["embeddings.position_ids"].dtype);
            Assert.Equal(new[] { 0L, 1, 2, 3 }, sd.Tensors["embeddings.position_ids"].data<long>().ToArray());
            Assert.Equal("I64", sd.SourceDTypes["embeddings.position_ids"]);
            Assert.Equal("F32", sd.SourceDTypes["w"]);
        }
    }

    [Fact]
    public void The_same_weights_as_safetensors_and_as_bin_load_identically()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var tensors = new Dictionary<string, Tensor>
        {
            ["bert.embeddings.word_embeddings.weight"] = torch.randn(30, 8),
            ["bert.encoder.layer.0.attention.self.query.weight"] = torch.randn(8, 8),
            ["bert.encoder.layer.0.attention.self.query.bias"] = torch.randn(8),
            ["bert.embeddings.position_ids"] = torch.arange(0, 16, dtype: ScalarType.Int64).unsqueeze(0),
        };
        var st = Path.Combine(dir, "model.safetensors");
        var bin = Path.Combine(dir, "pytorch_model.bin");
        SafeTensors.Write(st, tensors);
        TorchSaveWriter.Write(bin, tensors);

        using var a = StateDictReader.Read(st);
        using var b = StateDictReader.Read(bin);
        Assert.Equal(a.Tensors.Keys.Order(), b.Tensors.Keys.Order());
        foreach (var name in tensors.Keys)
        {
            Assert.Equal(a.Tensors[name].dtype, b.Tensors[name].dtype);
            Assert.Equal(a.Tensors[name].shape, b.Tensors[name].shape);
            Assert.True(a.Tensors[name].equal(b.Tensors[name]).all().item<bool>(), name);
            Assert.True(tensors[name].equal(b.Tensors[name]).all().item<bool>(), name);
        }
    }

    [Fact]
    public void Other_files_are_refused_with_their_first_bytes()
    {
        var path = Path.Combine(dir, "config.json");
        File.WriteAllText(path, """{"hidden_size": 768}""");
        var ex = Assert.Throws<InvalidDataException>(() => StateDictReader.Read(path));
        Assert.Contains("neither a safetensors file nor a torch.save zip archive", ex.Message);

        var empty = Path.Combine(dir, "empty.bin");
        File.WriteAllBytes(empty, []);
        Assert.Contains("neither a safetensors file", Assert.Throws<InvalidDataException>(() => StateDictReader.Read(empty)).Message);
    }
}
