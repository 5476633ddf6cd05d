namespace NewsClassifier.ML.Baseline;

/// <summary>A training row; ML.NET binds rows and outputs to public classes by property name.</summary>
public sealed class BaselineArticle
{
    public string Text { get; set; } = "";
    /// <summary>The label ordinal, typed as an ML.NET key (which stores it + 1 internally), so score column i is label ordinal i.</summary>
    public uint Label { get; set; }
}
