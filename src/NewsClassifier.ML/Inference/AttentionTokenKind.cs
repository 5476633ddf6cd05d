namespace NewsClassifier.ML.Inference;

/// <summary>What the tokens of an <see cref="AttentionMap"/> are.</summary>
public enum AttentionTokenKind
{
    /// <summary>The custom transformer's words (lower-cased, punctuation stripped).</summary>
    Words,
    /// <summary>BERT's WordPiece tokens, [CLS] first and [SEP] last ("##" marks a continuation).</summary>
    WordPieces,
}
