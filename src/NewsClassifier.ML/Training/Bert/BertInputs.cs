using NewsClassifier.ML.Text;
using static TorchSharp.torch;

namespace NewsClassifier.ML.Training.Bert;

/// <summary>Articles to BERT input tensors: encoded once, unpadded, then padded per batch.</summary>
public static class BertInputs
{
    /// <summary>[CLS] word pieces [SEP]; longer than <paramref name="maxLength"/> is cut with [SEP] kept last (as the tokenizer's Encode).</summary>
    public static (long[] Ids, bool Truncated) Encode(BertTextTokenizer tokenizer, string text, int maxLength)
    {
        var all = tokenizer.EncodeToIds(text ?? "");
        if (all.Count <= maxLength) return (all.Select(i => (long)i).ToArray(), false);
        var ids = new long[maxLength];
        for (int i = 0; i < maxLength - 1; i++) ids[i] = all[i];
        ids[^1] = tokenizer.SepId;
        return (ids, true);
    }

    /// <summary>(B, length) input ids right-padded with <paramref name="padId"/>, and the attention mask (1 real, 0 padding).</summary>
    public static (Tensor Ids, Tensor Mask) Batch(long[][] ids, int[] rows, int length, long padId, Device device)
    {
        var buffer = new long[rows.Length * length];
        var mask = new long[rows.Length * length];
        Array.Fill(buffer, padId);
        for (int r = 0; r < rows.Length; r++)
        {
            var row = ids[rows[r]];
            int n = Math.Min(row.Length, length);
            Array.Copy(row, 0, buffer, r * length, n);
            mask.AsSpan(r * length, n).Fill(1);
        }
        return (tensor(buffer, [rows.Length, length], device: device), tensor(mask, [rows.Length, length], device: device));
    }
}
