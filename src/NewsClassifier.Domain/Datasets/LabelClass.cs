namespace NewsClassifier.Domain.Datasets;

/// <summary>One class of a dataset's label set. <see cref="Ordinal"/> is the class index a model predicts.</summary>
public sealed class LabelClass
{
    public int Id { get; set; }
    public int DatasetId { get; set; }
    /// <summary>0-based position in the label set (AG News label 1 = ordinal 0).</summary>
    public int Ordinal { get; set; }
    public required string Name { get; set; }
}
