namespace NewsClassifier.ML.Text;

/// <summary>A batch encoded for a BERT model: one row per text, all rows the same length (padded with [PAD]).</summary>
public sealed record BertEncoding(long[][] InputIds, long[][] AttentionMask, long[][] TokenTypeIds, string[][] Tokens);
