namespace NewsClassifier.Domain.Snapshots;

/// <summary>
/// A frozen copy of what a run trains on: a dataset's labelled articles with their labels at that
/// moment and the train/validation split. Later labelling never changes it. Identical content (same
/// articles, labels, split and label set) has the same <see cref="ContentHash"/> and is stored once.
/// </summary>
public sealed class DatasetSnapshot
{
    public int Id { get; set; }
    public int DatasetId { get; set; }
    /// <summary>Kept so the lineage still reads after the dataset is deleted.</summary>
    public string DatasetName { get; set; } = "";
    /// <summary>SHA-256 (hex) over the label set, the split settings and every (article text, label, split).</summary>
    public required string ContentHash { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    public int ArticleCount { get; set; }
    public int ValidationCount { get; set; }
    public double ValidationFraction { get; set; }
    public int Seed { get; set; }
    /// <summary>The label set at snapshot time, in ordinal order, as JSON.</summary>
    public string LabelNamesJson { get; set; } = "[]";

    /// <summary>Short form of the hash for lists ("a1b2c3d4").</summary>
    public string ShortHash => ContentHash.Length >= 8 ? ContentHash[..8] : ContentHash;
}
