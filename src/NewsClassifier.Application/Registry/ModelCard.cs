namespace NewsClassifier.Application.Registry;

/// <summary>
/// <c>model-card.json</c> in an exported archive: where the model comes from (run, recipe, parameters,
/// dataset and snapshot), how good it was on validation, and a SHA-256 per file so an import can tell a
/// damaged or tampered archive from a good one.
/// </summary>
public sealed record ModelCard
{
    public const string FileName = "model-card.json";
    public const string CurrentFormat = "newsclassifier-model-card/v1";

    public string Format { get; init; } = CurrentFormat;
    public required string Name { get; init; }
    public int Version { get; init; }
    public int RunId { get; init; }
    public required string Recipe { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public required ModelCardDataset Dataset { get; init; }
    public ModelCardValidation? Validation { get; init; }
    /// <summary>UTC, when the version was registered.</summary>
    public DateTime CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTime ExportedAt { get; init; }
    public string? LibraryVersions { get; init; }
    public string? Device { get; init; }
    public IReadOnlyList<ModelCardFile> Files { get; init; } = [];
}
