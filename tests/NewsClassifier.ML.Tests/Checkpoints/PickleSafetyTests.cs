using NewsClassifier.TestSupport;
using TorchSharp;

namespace NewsClassifier.ML.Tests.Checkpoints;

/// <summary>
/// Hostile pickles inside otherwise well-formed torch.save archives. Each would run a command under
/// Python's pickle (see PyTorchConformanceTests for proof with the os.system one); here each must be
/// refused with a message naming what was refused, and the marker file the payload would create must
/// not exist.
/// </summary>
public class PickleSafetyTests
{
    private readonly string dir = TestData.TempDirectory();

    public PickleSafetyTests() => TestData.InitTorch();

    private string Marker => Path.Combine(dir, "pwned");

    private string Archive(PickleBuilder pickle, params (string, byte[])[] more)
    {
        var path = Path.Combine(dir, "pytorch_model.bin");
        TorchSaveWriter.WriteArchive(path, new[] { ("data.pkl", pickle.ToArray()) }.Concat(more));
        return path;
    }

    private string Refused(string path)
    {
        var ex = Assert.Throws<InvalidDataException>(() => StateDictReader.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.False(File.Exists(Marker), "the payload ran");
        return ex.Message;
    }

    [Fact]
    public void Os_system_via_GLOBAL_and_REDUCE_is_refused()
    {
        var p = new PickleBuilder().Proto(2).Global("os", "system").Put().Unicode($"touch {Marker}").Put().Op(0x85).Put().Reduce().Put().Stop();
        var msg = Refused(Archive(p));
        Assert.Contains("global 'os.system' is not allowed", msg);
        Assert.Contains("nothing was executed", msg);
        Assert.Contains("GLOBAL (0x63) at byte 2", msg);
        Assert.Contains("archive/data.pkl", msg);
    }

    [Fact]
    public void Posix_system_is_refused()
    {
        var p = new PickleBuilder().Proto(2).Global("posix", "system").Unicode($"touch {Marker}").Op(0x85).Reduce().Stop();
        Assert.Contains("global 'posix.system' is not allowed", Refused(Archive(p)));
    }

    [Fact]
    public void Builtins_eval_is_refused()
    {
        var p = new PickleBuilder().Proto(2).Global("builtins", "eval").Unicode($"open('{Marker}', 'w').write('x')").Op(0x85).Reduce().Stop();
        Assert.Contains("global 'builtins.eval' is not allowed", Refused(Archive(p)));
    }

    [Fact]
    public void Subprocess_Popen_via_STACK_GLOBAL_is_refused()
    {
        var p = new PickleBuilder().Proto(4)
            .ShortUnicode("subprocess").Op(0x94).ShortUnicode("Popen").Op(0x94).Op(0x93).Op(0x94)
            .EmptyList().Op(0x94).Mark().ShortUnicode("touch").ShortUnicode(Marker).Op((byte)'e').Op(0x85).Reduce().Stop();
        var msg = Refused(Archive(p));
        Assert.Contains("global 'subprocess.Popen' is not allowed", msg);
        Assert.Contains("STACK_GLOBAL", msg);
    }

    [Fact]
    public void A_payload_hidden_after_valid_tensors_is_refused()
    {
        // A real state dict whose second value is os.system(...): the good tensor before it does not let it through.
        using var w = torch.tensor(new[] { 1f });
        var writer = new TorchSaveWriter();
        writer.Add("w", w);
        var good = writer.BuildPickle();
        var p = new PickleBuilder().Raw(good[..^1]) // drop STOP: the OrderedDict is on the stack
            .Unicode("evil").Global("os", "system").Unicode($"touch {Marker}").Op(0x85).Reduce().SetItem().Stop();
        Assert.Contains("global 'os.system' is not allowed", Refused(Archive(p, ("data/0", new byte[4]))));
    }

    [Fact]
    public void A_payload_in_the_metadata_BUILD_state_is_refused()
    {
        var p = new PickleBuilder().Proto(2).Global("collections", "OrderedDict").EmptyTuple().Reduce()
            .EmptyDict().Unicode("_metadata").Global("builtins", "exec").Unicode("import os").Op(0x85).Reduce().SetItem().Build().Stop();
        Assert.Contains("global 'builtins.exec' is not allowed", Refused(Archive(p)));
    }

    [Fact]
    public void Lookalike_torch_globals_are_refused()
    {
        foreach (var (module, name) in new[] { ("torch", "load"), ("torch._utils", "_rebuild_device_tensor_from_numpy"), ("torch.serialization", "load"), ("__builtin__", "getattr"), ("collections", "defaultdict") })
        {
            var p = new PickleBuilder().Proto(2).Global(module, name).EmptyTuple().Reduce().Stop();
            Assert.Contains($"global '{module}.{name}' is not allowed", Refused(Archive(p)));
        }
    }

    [Fact]
    public void An_unknown_opcode_is_refused_naming_it_and_its_position()
    {
        var p = new PickleBuilder().Proto(2).EmptyDict().Op(0xff).Stop();
        Assert.Contains("unknown pickle opcode 0xff (opcode 0xff at byte 3)", Refused(Archive(p)));
    }

    [Fact]
    public void Object_building_opcodes_are_refused_by_name()
    {
        var newobj = new PickleBuilder().Proto(2).Global("collections", "OrderedDict").EmptyTuple().Op(0x81).Stop();
        Assert.Contains("opcode NEWOBJ (0x81) is not allowed", Refused(Archive(newobj)));
        var inst = new PickleBuilder().Proto(2).Mark().Raw("ios\nsystem\n"u8.ToArray()).Stop();
        Assert.Contains("opcode INST (0x69) is not allowed", Refused(Archive(inst)));
        var ext = new PickleBuilder().Proto(2).Op(0x82).Op(1).Stop();
        Assert.Contains("opcode EXT1 (0x82) is not allowed", Refused(Archive(ext)));
    }

    [Fact]
    public void REDUCE_on_a_storage_type_and_BUILD_on_a_non_dict_are_refused()
    {
        var reduce = new PickleBuilder().Proto(2).Global("torch", "FloatStorage").EmptyTuple().Reduce().Stop();
        Assert.Contains("REDUCE on 'torch.FloatStorage' is not allowed", Refused(Archive(reduce)));
        var build = new PickleBuilder().Proto(2).EmptyList().EmptyDict().Build().Stop();
        Assert.Contains("BUILD on a list with a dict is not allowed", Refused(Archive(build)));
        var callString = new PickleBuilder().Proto(2).Unicode("os.system").EmptyTuple().Reduce().Stop();
        Assert.Contains("REDUCE on str 'os.system' is not allowed", Refused(Archive(callString)));
    }

    [Fact]
    public void Malformed_pickles_are_refused_not_crashed()
    {
        Assert.Contains("memo entry 7 was never stored", Refused(Archive(new PickleBuilder().Proto(2).Get(7).Stop())));
        Assert.Contains("the stack is empty", Refused(Archive(new PickleBuilder().Proto(2).Stop())));
        Assert.Contains("no MARK to pop to", Refused(Archive(new PickleBuilder().Proto(2).Tuple().Stop())));
        Assert.Contains("without a STOP opcode", Refused(Archive(new PickleBuilder().Proto(2).EmptyDict())));
        Assert.Contains("needs 1000 more bytes", Refused(Archive(new PickleBuilder().Proto(2).Op((byte)'X').Raw(0xe8, 0x03, 0, 0).Raw("abc"u8.ToArray()))));
        Assert.Contains("persistent id", Refused(Archive(new PickleBuilder().Proto(2).Unicode("x").BinPersId().Stop())));
        Assert.Contains("storage key str '../../etc/passwd' is not a plain record name", Refused(Archive(new PickleBuilder().Proto(2)
            .Mark().Unicode("storage").Global("torch", "FloatStorage").Unicode("../../etc/passwd").Unicode("cpu").Int(1).Tuple().BinPersId().Stop())));
    }
}
