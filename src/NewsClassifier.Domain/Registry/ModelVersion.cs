namespace NewsClassifier.Domain.Registry;

/// <summary>Version N of a registered model: one run's trained model, with its metrics at registration.</summary>
public sealed class ModelVersion
{
    public int Id { get; set; }
    public int RegisteredModelId { get; set; }
    /// <summary>1, 2, ... per registered model.</summary>
    public int Version { get; set; }
    public int RunId { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public double? ValidationAccuracy { get; set; }
    public double? ValidationMacroF1 { get; set; }
    /// <summary>Where the model's files are (a copy made at import, or the run's artifact folder).</summary>
    public string? ArtifactPath { get; set; }
}
