namespace NewsClassifier.ML.Checkpoints;

// The only values the restricted unpickler (PickleReader) can produce. None is null, ints are long
// (BigInteger past 64 bits), floats double, strings string, bools bool; nothing here can run code.
/// <summary>A pickled tuple.</summary>
internal sealed class PickleTuple(IReadOnlyList<object?> items)
{
    public static readonly PickleTuple Empty = new([]);
    public IReadOnlyList<object?> Items { get; } = items;
    public int Count => Items.Count;
    public object? this[int i] => Items[i];
}
