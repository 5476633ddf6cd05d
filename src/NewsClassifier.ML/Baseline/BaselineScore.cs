namespace NewsClassifier.ML.Baseline;

/// <summary>The model's output row: one probability per label ordinal (ML.NET binds it by property name).</summary>
public sealed class BaselineScore
{
    public float[] Score { get; set; } = [];
}
