namespace NewsClassifier.Domain.Registry;

/// <summary>A named model in the registry ("news-topics"); its versions point at runs.</summary>
public sealed class RegisteredModel
{
    public const int MaxNameLength = 100;

    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }
    public List<ModelVersion> Versions { get; set; } = new();
    public List<ModelAlias> Aliases { get; set; } = new();
}
