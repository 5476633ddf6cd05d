using System.ComponentModel.DataAnnotations;

namespace NewsClassifier.Data.Storage;

/// <summary>Configuration section "Storage".</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Holds the SQLite database, staged uploads and model artifacts. Relative paths are
    /// resolved against the content root (the repository root for the web app).</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "./data";
}
