using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>Raised inside the unpickler for anything refused; <see cref="PickleReader"/> turns it into an <see cref="InvalidDataException"/> with the file and byte position.</summary>
internal sealed class PickleRefusedException(string message) : Exception(message);

/// <summary>
/// A restricted pickle virtual machine (protocols 0-5 binary opcodes that <c>torch.save</c> and plain
/// state dicts use). It never imports or calls anything: globals are looked up in
/// <see cref="TorchPickleGlobals"/>' allow-list and come back as inert tags, REDUCE/BUILD/BINPERSID
/// are interpreted by that class for the few allowed callables, and every other global, opcode or
/// call is refused before anything else happens. Every length and index is checked against the data.
/// </summary>
internal sealed class PickleReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] data;
    private readonly string source;
    private readonly TorchPickleGlobals globals;
    private readonly List<object?> stack = [];
    private readonly Stack<int> marks = new();
    private readonly Dictionary<long, object?> memo = [];
    private int pos;

    public PickleReader(byte[] data, string source, TorchPickleGlobals globals)
    {
        this.data = data;
        this.source = source;
        this.globals = globals;
    }

    /// <summary>Runs the pickle to its STOP opcode and returns the unpickled value.</summary>
    public object? Load()
    {
        pos = 0;
        while (true)
        {
            int opPos = pos;
            if (pos >= data.Length)
                throw Fail($"the pickle ends at byte {data.Length} without a STOP opcode (truncated file?)");
            byte op = data[pos++];
            try
            {
                if (op == (byte)'.')
                {
                    var result = Pop();
                    if (marks.Count != 0 || stack.Count != 0)
                        throw new PickleRefusedException("STOP with values left on the stack");
                    return result;
                }
                Execute(op);
            }
            catch (PickleRefusedException ex)
            {
                throw Fail($"{ex.Message} (opcode {OpName(op)} at byte {opPos})");
            }
            catch (OverflowException)
            {
                throw Fail($"a number overflows (opcode {OpName(op)} at byte {opPos})");
            }
        }
    }

    private void Execute(byte op)
    {
        switch (op)
        {
            case 0x80: // PROTO
                int proto = ReadByte();
                if (proto > 5) throw new PickleRefusedException($"pickle protocol {proto} is newer than 5");
                break;
            case 0x95: // FRAME: a length hint only
                ReadBytes(8);
                break;
            case (byte)'(': // MARK
                marks.Push(stack.Count);
                break;
            case (byte)'0': // POP
                Pop();
                break;
            case (byte)'1': // POP_MARK
                PopMark();
                break;
            case (byte)'2': // DUP
                Push(Peek());
                break;
            case (byte)'}': // EMPTY_DICT
                Push(new PickleDict());
                break;
            case (byte)']': // EMPTY_LIST
                Push(new PickleList());
                break;
            case (byte)')': // EMPTY_TUPLE
                Push(PickleTuple.Empty);
                break;
            case (byte)'t': // TUPLE
                Push(new PickleTuple(PopMark()));
                break;
            case 0x85: // TUPLE1
                Push(new PickleTuple(PopN(1)));
                break;
            case 0x86: // TUPLE2
                Push(new PickleTuple(PopN(2)));
                break;
            case 0x87: // TUPLE3
                Push(new PickleTuple(PopN(3)));
                break;
            case (byte)'l': // LIST
                {
                    var list = new PickleList();
                    list.AddRange(PopMark());
                    Push(list);
                    break;
                }
            case (byte)'d': // DICT
                {
                    var dict = new PickleDict();
                    SetItems(dict, PopMark());
                    Push(dict);
                    break;
                }
            case (byte)'X': // BINUNICODE
                Push(ReadUtf8(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))));
                break;
            case 0x8c: // SHORT_BINUNICODE
                Push(ReadUtf8((uint)ReadByte()));
                break;
            case 0x8d: // BINUNICODE8
                Push(ReadUtf8(BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8))));
                break;
            case (byte)'T': // BINSTRING (protocol 1 str, read as latin-1 like Python 3 does by default)
                Push(ReadLatin1(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))));
                break;
            case (byte)'U': // SHORT_BINSTRING
                Push(ReadLatin1((uint)ReadByte()));
                break;
            case (byte)'J': // BININT
                Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4)));
                break;
            case (byte)'K': // BININT1
                Push((long)ReadByte());
                break;
            case (byte)'M': // BININT2
                Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2)));
                break;
            case 0x8a: // LONG1
                Push(ReadLong(ReadByte()));
                break;
            case 0x8b: // LONG4
                {
                    int n = BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));
                    if (n < 0 || n > 1024) throw new PickleRefusedException($"LONG4 of {n} bytes is not supported");
                    Push(ReadLong(n));
                    break;
                }
            case (byte)'G': // BINFLOAT (big endian)
                Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8)));
                break;
            case 0x88: // NEWTRUE
                Push(true);
                break;
            case 0x89: // NEWFALSE
                Push(false);
                break;
            case (byte)'N': // NONE
                Push(null);
                break;
            case (byte)'q': // BINPUT
                memo[ReadByte()] = Peek();
                break;
            case (byte)'r': // LONG_BINPUT
                memo[BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))] = Peek();
                break;
            case 0x94: // MEMOIZE
                memo[memo.Count] = Peek();
                break;
            case (byte)'h': // BINGET
                Push(MemoGet(ReadByte()));
                break;
            case (byte)'j': // LONG_BINGET
                Push(MemoGet(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))));
                break;
            case (byte)'s': // SETITEM
                {
                    var kv = PopN(2);
                    SetItems(PeekDict(), kv);
                    break;
                }
            case (byte)'u': // SETITEMS
                {
                    var items = PopMark();
                    SetItems(PeekDict(), items);
                    break;
                }
            case (byte)'a': // APPEND
                {
                    var value = Pop();
                    PeekList().Add(value);
                    break;
                }
            case (byte)'e': // APPENDS
                {
                    var items = PopMark();
                    PeekList().AddRange(items);
                    break;
                }
            case (byte)'c': // GLOBAL
                {
                    string module = ReadLine();
                    string name = ReadLine();
                    Push(globals.Resolve(module, name));
                    break;
                }
            case 0x93: // STACK_GLOBAL
                {
                    var name = Pop();
                    var module = Pop();
                    if (module is not string m || name is not string n)
                        throw new PickleRefusedException($"STACK_GLOBAL needs two strings, got {TorchPickleGlobals.Describe(module)} and {TorchPickleGlobals.Describe(name)}");
                    Push(globals.Resolve(m, n));
                    break;
                }
            case (byte)'R': // REDUCE
                {
                    var args = Pop();
                    var callable = Pop();
                    if (args is not PickleTuple tuple)
                        throw new PickleRefusedException($"REDUCE needs an argument tuple, got {TorchPickleGlobals.Describe(args)}");
                    Push(globals.Reduce(callable, tuple));
                    break;
                }
            case (byte)'b': // BUILD
                {
                    var state = Pop();
                    globals.Build(Peek(), state);
                    break;
                }
            case (byte)'Q': // BINPERSID
                Push(globals.PersistentLoad(Pop()));
                break;
            default:
                throw new PickleRefusedException(KnownOpNames.ContainsKey(op)
                    ? $"opcode {OpName(op)} is not allowed in a state dict"
                    : $"unknown pickle opcode 0x{op:x2}");
        }
    }

    private void Push(object? value) => stack.Add(value);

    private object? Peek()
    {
        if (stack.Count == 0 || (marks.Count > 0 && marks.Peek() == stack.Count))
            throw new PickleRefusedException("the stack is empty");
        return stack[^1];
    }

    private object? Pop()
    {
        var value = Peek();
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private List<object?> PopN(int n)
    {
        int floor = marks.Count > 0 ? marks.Peek() : 0;
        if (stack.Count - floor < n) throw new PickleRefusedException($"the stack holds fewer than {n} values");
        var items = stack.GetRange(stack.Count - n, n);
        stack.RemoveRange(stack.Count - n, n);
        return items;
    }

    private List<object?> PopMark()
    {
        if (marks.Count == 0) throw new PickleRefusedException("no MARK to pop to");
        int start = marks.Pop();
        var items = stack.GetRange(start, stack.Count - start);
        stack.RemoveRange(start, stack.Count - start);
        return items;
    }

    private PickleDict PeekDict() => Peek() as PickleDict
        ?? throw new PickleRefusedException($"SETITEM(S) on {TorchPickleGlobals.Describe(Peek())}, not a dict");

    private PickleList PeekList() => Peek() as PickleList
        ?? throw new PickleRefusedException($"APPEND(S) on {TorchPickleGlobals.Describe(Peek())}, not a list");

    private static void SetItems(PickleDict dict, List<object?> items)
    {
        if (items.Count % 2 != 0) throw new PickleRefusedException("an odd number of values for dict items");
        for (int i = 0; i < items.Count; i += 2)
        {
            var key = items[i];
            if (!PickleDict.IsValidKey(key))
                throw new PickleRefusedException($"a dict key of type {TorchPickleGlobals.Describe(key)} is not supported");
            dict.Set(key!, items[i + 1]);
        }
    }

    private object? MemoGet(long index) => memo.TryGetValue(index, out var value)
        ? value
        : throw new PickleRefusedException($"memo entry {index} was never stored");

    private byte ReadByte() => ReadBytes(1)[0];

    private ReadOnlySpan<byte> ReadBytes(long count)
    {
        if (count > data.Length - pos)
            throw new PickleRefusedException($"needs {count} more bytes but the pickle has {data.Length - pos} left (truncated file?)");
        var span = data.AsSpan(pos, (int)count);
        pos += (int)count;
        return span;
    }

    private string ReadUtf8(ulong length)
    {
        var bytes = ReadBytes(length > int.MaxValue ? long.MaxValue : (long)length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new PickleRefusedException("a string is not valid UTF-8");
        }
    }

    private string ReadLatin1(uint length) => Encoding.Latin1.GetString(ReadBytes(length));

    private string ReadLine()
    {
        int end = Array.IndexOf(data, (byte)'\n', pos);
        if (end < 0) throw new PickleRefusedException("a GLOBAL name has no end of line (truncated file?)");
        var line = ReadLatin1((uint)(end - pos));
        pos++; // the newline
        return line;
    }

    private static object ReadLongBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return 0L;
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    private object ReadLong(int n) => ReadLongBytes(ReadBytes(n));

    private InvalidDataException Fail(string message) => new($"Refused {source}: {message}.");

    private static readonly Dictionary<byte, string> KnownOpNames = new()
    {
        [0x80] = "PROTO", [0x95] = "FRAME", [(byte)'.'] = "STOP", [(byte)'('] = "MARK", [(byte)'0'] = "POP",
        [(byte)'1'] = "POP_MARK", [(byte)'2'] = "DUP", [(byte)'}'] = "EMPTY_DICT", [(byte)']'] = "EMPTY_LIST",
        [(byte)')'] = "EMPTY_TUPLE", [(byte)'t'] = "TUPLE", [0x85] = "TUPLE1", [0x86] = "TUPLE2", [0x87] = "TUPLE3",
        [(byte)'l'] = "LIST", [(byte)'d'] = "DICT", [(byte)'X'] = "BINUNICODE", [0x8c] = "SHORT_BINUNICODE",
        [0x8d] = "BINUNICODE8", [(byte)'T'] = "BINSTRING", [(byte)'U'] = "SHORT_BINSTRING", [(byte)'J'] = "BININT",
        [(byte)'K'] = "BININT1", [(byte)'M'] = "BININT2", [0x8a] = "LONG1", [0x8b] = "LONG4", [(byte)'G'] = "BINFLOAT",
        [0x88] = "NEWTRUE", [0x89] = "NEWFALSE", [(byte)'N'] = "NONE", [(byte)'q'] = "BINPUT", [(byte)'r'] = "LONG_BINPUT",
        [0x94] = "MEMOIZE", [(byte)'h'] = "BINGET", [(byte)'j'] = "LONG_BINGET", [(byte)'s'] = "SETITEM",
        [(byte)'u'] = "SETITEMS", [(byte)'a'] = "APPEND", [(byte)'e'] = "APPENDS", [(byte)'c'] = "GLOBAL",
        [0x93] = "STACK_GLOBAL", [(byte)'R'] = "REDUCE", [(byte)'b'] = "BUILD", [(byte)'Q'] = "BINPERSID",
        // Known to pickle but refused here: they build arbitrary objects, run extension registries or carry raw buffers.
        [(byte)'i'] = "INST", [(byte)'o'] = "OBJ", [0x81] = "NEWOBJ", [0x92] = "NEWOBJ_EX", [(byte)'P'] = "PERSID",
        [0x82] = "EXT1", [0x83] = "EXT2", [0x84] = "EXT4", [(byte)'I'] = "INT", [(byte)'L'] = "LONG", [(byte)'F'] = "FLOAT",
        [(byte)'S'] = "STRING", [(byte)'V'] = "UNICODE", [(byte)'g'] = "GET", [(byte)'p'] = "PUT", [(byte)'B'] = "BINBYTES",
        [(byte)'C'] = "SHORT_BINBYTES", [0x8e] = "BINBYTES8", [0x96] = "BYTEARRAY8", [0x97] = "NEXT_BUFFER",
        [0x98] = "READONLY_BUFFER", [0x8f] = "EMPTY_SET", [0x90] = "ADDITEMS", [0x91] = "FROZENSET",
    };

    private static string OpName(byte op) => KnownOpNames.TryGetValue(op, out var name) ? $"{name} (0x{op:x2})" : $"0x{op:x2}";
}
