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

    /// <summary>
    /// The length a batch whose longest article has <paramref name="longest"/> tokens is padded to: rounded up to a
    /// multiple of 8 (Hugging Face's <c>pad_to_multiple_of</c>), never past <paramref name="maxLength"/>. libtorch's CPU
    /// kernels pay a one-off cost for every new tensor shape (the bert benchmark: the first steps on unseen lengths were
    /// several times slower than later ones); eight-token steps bound the distinct shapes to maxLength/8 at a cost of at
    /// most 7 padded positions per article, which the attention mask makes irrelevant to the result.
    /// </summary>
    public static int PaddedLength(int longest, int maxLength) => Math.Min(maxLength, (Math.Max(longest, 1) + 7) / 8 * 8);

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
