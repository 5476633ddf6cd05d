namespace NewsClassifier.ML.Baseline;

/// <summary>A row to predict (ML.NET binds it by property name).</summary>
public sealed class BaselineText
{
    public string Text { get; set; } = "";
}
