using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NewsClassifier.Application.Imports;

/// <summary>Finds exact repeats of (title, text). Keeps a 128-bit digest per article rather than the text, so a
/// million articles cost tens of megabytes, not gigabytes; a false match would need a SHA-256 prefix collision.</summary>
internal sealed class DuplicateDetector : IDisposable
{
    private static readonly byte[] Separator = [0x1F, 0x00];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Dictionary<UInt128, (int Row, int? Ordinal)> _seen = new();

    /// <summary>Records the article, or returns the first row it repeats.</summary>
    public bool IsDuplicate(string title, string text, int row, int? ordinal, out int firstRow, out bool differentLabel)
    {
        _hash.AppendData(MemoryMarshal.AsBytes(title.AsSpan()));
        _hash.AppendData(Separator);
        _hash.AppendData(MemoryMarshal.AsBytes(text.AsSpan()));
        Span<byte> digest = stackalloc byte[32];
        _hash.GetHashAndReset(digest);
        var key = MemoryMarshal.Read<UInt128>(digest);
        if (_seen.TryGetValue(key, out var first))
        {
            firstRow = first.Row;
            differentLabel = first.Ordinal != ordinal;
            return true;
        }
        _seen.Add(key, (row, ordinal));
        firstRow = 0;
        differentLabel = false;
        return false;
    }

    public void Dispose() => _hash.Dispose();
}
