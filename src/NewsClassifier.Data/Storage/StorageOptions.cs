using System.ComponentModel.DataAnnotations;

namespace NewsClassifier.Data.Storage;

/// <summary>Configuration section "Storage".</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    /// <summary>The connection string name (ConnectionStrings:NewsClassifier) PostgreSQL deployments set.</summary>
    public const string ConnectionStringName = "NewsClassifier";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Holds the SQLite database, staged uploads and model artifacts. Relative paths are
    /// resolved against the content root (the repository root for the web app).</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Where run artifacts, pretrained checkpoints and staged uploads live when several processes share them
    /// (a network volume every web node and worker mounts). Unset: under <see cref="DataDirectory"/>.</summary>
    public string? ArtifactsDirectory { get; set; }

    /// <summary>ConnectionStrings:NewsClassifier, copied in at binding; required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult(
                $"Storage:Provider is postgres but ConnectionStrings:{ConnectionStringName} is not set " +
                "(for example \"Host=127.0.0.1;Port=5432;Database=newsclassifier;Username=newsclassifier;Password=...\").",
                [nameof(ConnectionString)]);
    }
}
