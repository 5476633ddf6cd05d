using static TorchSharp.torch;

namespace NewsClassifier.Benchmarks;

/// <summary>Ragged token rows to (B, T) input ids and attention mask, the same padding the Python peer does.</summary>
internal static class BertBatch
{
    public static (Tensor Ids, Tensor Mask) Pad(IReadOnlyList<long[]> rows, int length, long padId)
    {
        var ids = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        Array.Fill(ids, padId);
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            int n = Math.Min(row.Length, length);
            Array.Copy(row, 0, ids, r * length, n);
            Array.Fill(mask, 1L, r * length, n);
        }
        long[] shape = [rows.Count, length];
        return (tensor(ids, shape), tensor(mask, shape));
    }
}
