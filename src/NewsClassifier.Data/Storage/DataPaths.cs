using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NewsClassifier.Data.Storage;

/// <summary>Absolute locations under the configured data directory; created on first use.</summary>
public sealed class DataPaths
{
    public DataPaths(IOptions<StorageOptions> options, IHostEnvironment environment)
        : this(Resolve(environment, options.Value.DataDirectory)!, Resolve(environment, options.Value.ArtifactsDirectory))
    {
    }

    /// <param name="sharedDirectory">Storage:ArtifactsDirectory: artifacts, pretrained checkpoints and staged uploads go
    /// there (every node must see them); null keeps them under the data directory.</param>
    public DataPaths(string dataDirectory, string? sharedDirectory = null)
    {
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(DataDirectory);
        _sharedDirectory = sharedDirectory;
    }

    private readonly string? _sharedDirectory;

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "newsclassifier.db");

    public string ConnectionString => $"Data Source={DatabasePath};Pooling=True;Default Timeout=30";

    /// <summary>Uploaded and downloaded files wait here until their import job has read them (on the shared volume
    /// when there is one: the import may run on another node).</summary>
    public string StagingDirectory => EnsureShared("staging");

    /// <summary>Model checkpoints and other run artifacts.</summary>
    public string ArtifactsDirectory => _sharedDirectory is null ? EnsureDirectory("artifacts") : EnsureShared(null);

    /// <summary>One run's artifacts (checkpoints, exported model); not created here, training writes it and
    /// deleting a run removes it.</summary>
    public string RunDirectory(int runId) => Path.Combine(ArtifactsDirectory, "runs", runId.ToString());

    /// <summary>Imported Hugging Face checkpoints, one folder each (see PretrainedCheckpoint.Folder).</summary>
    public string PretrainedDirectory => EnsureShared("pretrained");

    /// <summary>Data derived from a run's inputs that later runs reuse (a frozen BERT body's pooled outputs, a few files
    /// at most): on the shared volume, so a run on another worker finds it too. Safe to delete at any time.</summary>
    public string CacheDirectory => EnsureShared("cache");

    /// <summary>ASP.NET Data Protection's key ring (sign-in cookies, antiforgery tokens, Blazor circuits): on the shared
    /// volume when there is one, so every web node reads the cookie another node wrote.</summary>
    public string KeysDirectory => EnsureShared("keys");

    private string EnsureShared(string? name) =>
        _sharedDirectory is null ? EnsureDirectory(name!) : Ensure(name is null ? _sharedDirectory : Path.Combine(_sharedDirectory, name));

    private string EnsureDirectory(string name) => Ensure(Path.Combine(DataDirectory, name));

    private static string Ensure(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }

    private static string? Resolve(IHostEnvironment environment, string? directory) =>
        string.IsNullOrWhiteSpace(directory) ? null : Path.GetFullPath(Path.Combine(environment.ContentRootPath, directory));
}
