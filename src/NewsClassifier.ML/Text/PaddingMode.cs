namespace NewsClassifier.ML.Text;

/// <summary>How <see cref="BertTextTokenizer.Encode"/> pads a batch: to its longest sequence, or to <c>maxLength</c>.</summary>
public enum PaddingMode
{
    Longest,
    MaxLength,
}
