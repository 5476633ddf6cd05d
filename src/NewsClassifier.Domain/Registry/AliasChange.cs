namespace NewsClassifier.Domain.Registry;

/// <summary>Audit entry: who moved which alias of a model from which version to which, when, why,
/// and the metrics of the new version at that moment.</summary>
public sealed class AliasChange
{
    public long Id { get; set; }
    public int RegisteredModelId { get; set; }
    public required string Alias { get; set; }
    public int? FromVersion { get; set; }
    /// <summary>Null when the alias was removed.</summary>
    public int? ToVersion { get; set; }
    public string ChangedBy { get; set; } = "";
    /// <summary>UTC.</summary>
    public DateTime ChangedAt { get; set; }
    public string Reason { get; set; } = "";
    public string? MetricsJson { get; set; }
}
