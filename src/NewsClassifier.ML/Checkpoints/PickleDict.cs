using System.Numerics;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>A pickled dict or OrderedDict: insertion-ordered, keys compared by value (str, int, float, bool).</summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object, object?>> entries = [];
    private readonly Dictionary<object, int> index = [];

    public int Count => entries.Count;

    public IReadOnlyList<KeyValuePair<object, object?>> Entries => entries;

    public void Set(object key, object? value)
    {
        if (index.TryGetValue(key, out int i))
        {
            entries[i] = new(key, value);
            return;
        }
        index.Add(key, entries.Count);
        entries.Add(new(key, value));
    }

    public bool TryGetValue(object key, out object? value)
    {
        if (index.TryGetValue(key, out int i))
        {
            value = entries[i].Value;
            return true;
        }
        value = null;
        return false;
    }

    public static bool IsValidKey(object? key) => key is string or long or BigInteger or double or bool;
}
