using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace NewsClassifier.TestSupport;

/// <summary>
/// Emits pickle opcodes byte by byte, the way CPython's protocol-2 pickler writes them
/// (BINPUT/LONG_BINPUT memo slots numbered in order, the smallest int opcode that fits).
/// Tests use it to build torch.save pickles and hostile ones without Python.
/// </summary>
public sealed class PickleBuilder
{
    private readonly MemoryStream bytes = new();
    private int memoCount;

    public PickleBuilder Op(byte op) { bytes.WriteByte(op); return this; }

    public PickleBuilder Raw(params byte[] raw) { bytes.Write(raw); return this; }

    public PickleBuilder Proto(byte version = 2) => Op(0x80).Op(version);

    public PickleBuilder Global(string module, string name) => Op((byte)'c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    /// <summary>Stores the top of the stack in the next memo slot; its index comes back through <paramref name="index"/>.</summary>
    public PickleBuilder Put(out int index)
    {
        index = memoCount++;
        if (index < 256) return Op((byte)'q').Op((byte)index);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, index);
        return Op((byte)'r').Raw(b.ToArray());
    }

    public PickleBuilder Put() => Put(out _);

    public PickleBuilder Get(int index)
    {
        if (index < 256) return Op((byte)'h').Op((byte)index);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, index);
        return Op((byte)'j').Raw(b.ToArray());
    }

    public PickleBuilder Unicode(string s)
    {
        var utf8 = Encoding.UTF8.GetBytes(s);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)utf8.Length);
        return Op((byte)'X').Raw(len.ToArray()).Raw(utf8);
    }

    public PickleBuilder ShortUnicode(string s)
    {
        var utf8 = Encoding.UTF8.GetBytes(s);
        return Op(0x8c).Op((byte)utf8.Length).Raw(utf8);
    }

    /// <summary>BININT1, BININT2, BININT or LONG1, as CPython's save_long picks them.</summary>
    public PickleBuilder Int(long v)
    {
        if (v is >= 0 and <= 0xff) return Op((byte)'K').Op((byte)v);
        if (v is >= 0 and <= 0xffff) return Op((byte)'M').Raw((byte)v, (byte)(v >> 8));
        if (v is >= int.MinValue and <= int.MaxValue)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, (int)v);
            return Op((byte)'J').Raw(b.ToArray());
        }
        var le = new BigInteger(v).ToByteArray();
        return Op(0x8a).Op((byte)le.Length).Raw(le);
    }

    public PickleBuilder Float(double d)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, d);
        return Op((byte)'G').Raw(b.ToArray());
    }

    /// <summary>A tuple of ints the way CPython writes one: EMPTY_TUPLE, TUPLE1-3, or MARK ... TUPLE, then memoized.</summary>
    public PickleBuilder IntTuple(IReadOnlyList<long> items)
    {
        if (items.Count == 0) return Op((byte)')');
        if (items.Count > 3) Mark();
        foreach (var i in items) Int(i);
        return (items.Count switch { 1 => Op(0x85), 2 => Op(0x86), 3 => Op(0x87), _ => Op((byte)'t') }).Put();
    }

    public PickleBuilder Mark() => Op((byte)'(');
    public PickleBuilder Tuple() => Op((byte)'t');
    public PickleBuilder EmptyTuple() => Op((byte)')');
    public PickleBuilder EmptyDict() => Op((byte)'}');
    public PickleBuilder EmptyList() => Op((byte)']');
    public PickleBuilder Reduce() => Op((byte)'R');
    public PickleBuilder Build() => Op((byte)'b');
    public PickleBuilder SetItem() => Op((byte)'s');
    public PickleBuilder SetItems() => Op((byte)'u');
    public PickleBuilder BinPersId() => Op((byte)'Q');
    public PickleBuilder True() => Op(0x88);
    public PickleBuilder False() => Op(0x89);
    public PickleBuilder None() => Op((byte)'N');
    public PickleBuilder Stop() => Op((byte)'.');

    public byte[] ToArray() => bytes.ToArray();
}
