using System.Text.Json;
using NewsClassifier.TestSupport;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Tests.Checkpoints;

/// <summary>Files written by real PyTorch (Debian's python3-torch) read by our reader, and our test writer checked against torch's bytes.</summary>
public class PyTorchConformanceTests
{
    private readonly string dir = TestData.TempDirectory();

    public PyTorchConformanceTests() => TestData.InitTorch();

    private const string SaveScript = """
        import collections, json, sys, torch
        out = sys.argv[1]

        def describe(t):
            values = t.double() if t.is_floating_point() else t.long()
            return {'dtype': str(t.dtype), 'shape': list(t.shape), 'values': values.flatten().tolist()}

        torch.manual_seed(0)
        sd = collections.OrderedDict()
        w = torch.randn(4, 6)
        sd['encoder.weight'] = w
        sd['encoder.weight_t'] = w.t()              # transposed view of the same storage
        sd['encoder.row2'] = w[2]                   # view at a storage offset
        sd['encoder.col_every_other'] = w[::2, 3]   # strided view
        sd['decoder.weight'] = w                    # tied: the same tensor under two names
        sd['half'] = torch.randn(3, 5).half()
        sd['bf16'] = torch.randn(2, 7).bfloat16()
        sd['bf16_t'] = sd['bf16'].t()
        sd['double'] = torch.randn(3, dtype=torch.float64)
        sd['embeddings.position_ids'] = torch.arange(9).unsqueeze(0) + 2**40
        sd['int32'] = torch.tensor([-3, 70000], dtype=torch.int32)
        sd['mask'] = torch.tensor([True, False, True])
        sd['param'] = torch.nn.Parameter(torch.randn(3))
        sd['scalar'] = torch.tensor(1.25)
        sd._metadata = {'': {'version': 1}, 'encoder': {'version': 1}}
        torch.save(sd, out + '/pytorch_model.bin')
        torch.save(sd, out + '/legacy.bin', _use_new_zipfile_serialization=False)
        torch.save({'epoch': 2, 'state_dict': sd}, out + '/training.ckpt')
        for protocol in (4, 5):  # FRAME, SHORT_BINUNICODE, MEMOIZE, STACK_GLOBAL instead of protocol 2's opcodes
            torch.save(sd, out + f'/protocol{protocol}.bin', pickle_protocol=protocol)

        # A real nn.Module state dict: its _metadata has one entry per submodule.
        model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.LayerNorm(3), torch.nn.BatchNorm1d(3))
        torch.save(model.state_dict(), out + '/module.bin')
        json.dump({k: describe(v) for k, v in model.state_dict().items()}, open(out + '/module.json', 'w'))

        simple = collections.OrderedDict()
        simple['a'] = torch.randn(2, 3)
        simple['b'] = torch.arange(3)
        simple['c'] = torch.randn(2).half()
        simple['p'] = torch.nn.Parameter(torch.randn(2))
        simple['s'] = torch.tensor(0.5)
        simple._metadata = {'': {'version': 1}}
        torch.save(simple, out + '/simple.bin')
        json.dump({k: describe(v.detach()) for k, v in sd.items()}, open(out + '/expected.json', 'w'))
        print(torch.__version__)
        """;

    private static readonly Dictionary<string, string> SourceDType = new()
    {
        ["torch.float32"] = "F32", ["torch.float16"] = "F16", ["torch.bfloat16"] = "BF16", ["torch.float64"] = "F64",
        ["torch.int64"] = "I64", ["torch.int32"] = "I32", ["torch.bool"] = "BOOL",
    };

    [Fact]
    public void A_state_dict_saved_by_torch_reads_back_with_identical_values_shapes_and_dtypes()
    {
        var version = SystemPython.Run(SaveScript, dir).Trim();
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")));

        using var sd = StateDictReader.Read(Path.Combine(dir, "pytorch_model.bin"));
        Assert.Equal(StateDictFormat.TorchZip, sd.Format);
        var names = expected.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        AssertMatches(expected.RootElement, sd, version);
        Assert.Equal(ScalarType.Int64, sd.Tensors["embeddings.position_ids"].dtype);

        // The same state dict wrapped in a training checkpoint, and the legacy format refused with the fix.
        using (var wrapped = StateDictReader.Read(Path.Combine(dir, "training.ckpt")))
            Assert.Equal(names, wrapped.Tensors.Keys);
        foreach (var protocol in new[] { 4, 5 })
        {
            using var p = StateDictReader.Read(Path.Combine(dir, $"protocol{protocol}.bin"));
            AssertMatches(expected.RootElement, p, $"{version}, pickle protocol {protocol}");
        }
        using (var module = StateDictReader.Read(Path.Combine(dir, "module.bin")))
        using (var moduleExpected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "module.json"))))
        {
            AssertMatches(moduleExpected.RootElement, module, version);
            Assert.Contains("2.num_batches_tracked", module.Tensors.Keys);
        }
        var legacy = Assert.Throws<InvalidDataException>(() => StateDictReader.Read(Path.Combine(dir, "legacy.bin")));
        Assert.Contains("legacy (pre-1.6, non-zip) torch.save format", legacy.Message);
    }

    private static void AssertMatches(JsonElement expected, StateDict sd, string context)
    {
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name), sd.Tensors.Keys);
        foreach (var entry in expected.EnumerateObject())
        {
            var t = sd.Tensors[entry.Name];
            string dtype = entry.Value.GetProperty("dtype").GetString()!;
            Assert.True(SourceDType[dtype] == sd.SourceDTypes[entry.Name], $"{entry.Name}: {dtype} read as {sd.SourceDTypes[entry.Name]} ({context})");
            Assert.Equal(entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), t.shape);
            var values = entry.Value.GetProperty("values").EnumerateArray();
            switch (SourceDType[dtype])
            {
                case "I64" or "I32":
                    Assert.Equal(values.Select(v => v.GetInt64()), t.to_type(ScalarType.Int64).data<long>().ToArray());
                    break;
                case "BOOL":
                    Assert.Equal(ScalarType.Bool, t.dtype);
                    Assert.Equal(values.Select(v => v.GetInt64() != 0), t.data<bool>().ToArray());
                    break;
                default:
                    Assert.Equal(ScalarType.Float32, t.dtype);
                    Assert.Equal(values.Select(v => (float)v.GetDouble()), t.data<float>().ToArray());
                    break;
            }
        }
    }

    [Fact]
    public void The_test_writer_emits_the_same_pickle_bytes_as_torch_save()
    {
        SystemPython.Run(SaveScript, dir);
        var torchFile = Path.Combine(dir, "simple.bin");
        using var sd = StateDictReader.Read(torchFile);

        var writer = new TorchSaveWriter { ArchiveName = "simple" };
        foreach (var (name, t) in sd.Tensors)
        {
            var original = sd.SourceDTypes[name] == "F16" ? t.to_type(ScalarType.Float16) : t;
            writer.Add(name, original, parameter: name == "p");
        }
        using var zip = System.IO.Compression.ZipFile.OpenRead(torchFile);
        using var s = zip.GetEntry("simple/data.pkl")!.Open();
        using var torchPickle = new MemoryStream();
        s.CopyTo(torchPickle);
        Assert.Equal(Convert.ToHexString(torchPickle.ToArray()), Convert.ToHexString(writer.BuildPickle()));
    }

    [Fact]
    public void The_os_system_payload_runs_under_python_pickle_but_not_in_our_reader()
    {
        var marker = Path.Combine(dir, "pwned");
        var p = new PickleBuilder().Proto(2).Global("os", "system").Put().Unicode($"touch {marker}").Put().Op(0x85).Put().Reduce().Put().Stop();
        var path = Path.Combine(dir, "evil.bin");
        TorchSaveWriter.WriteArchive(path, [("data.pkl", p.ToArray())]);

        var ex = Assert.Throws<InvalidDataException>(() => StateDictReader.Read(path));
        Assert.Contains("global 'os.system' is not allowed", ex.Message);
        Assert.False(File.Exists(marker));

        // The same bytes under Python's unrestricted pickle do run the command: the payload is real.
        SystemPython.Run("import pickle, sys, zipfile; pickle.loads(zipfile.ZipFile(sys.argv[1]).read('archive/data.pkl'))", path);
        Assert.True(File.Exists(marker));
    }
}
