using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace NewsClassifier.Data.Storage;

/// <summary>Absolute locations under the configured data directory; created on first use.</summary>
public sealed class DataPaths
{
    public DataPaths(IOptions<StorageOptions> options, IHostEnvironment environment)
        : this(Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.DataDirectory)))
    {
    }

    public DataPaths(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "newsclassifier.db");

    public string ConnectionString => $"Data Source={DatabasePath};Pooling=True;Default Timeout=30";

    /// <summary>Uploaded and downloaded files wait here until their import job has read them.</summary>
    public string StagingDirectory => EnsureDirectory("staging");

    /// <summary>Model checkpoints and other run artifacts.</summary>
    public string ArtifactsDirectory => EnsureDirectory("artifacts");

    /// <summary>One run's artifacts (checkpoints, exported model); not created here, training writes it and
    /// deleting a run removes it.</summary>
    public string RunDirectory(int runId) => Path.Combine(ArtifactsDirectory, "runs", runId.ToString());

    /// <summary>Imported Hugging Face checkpoints, one folder each (see PretrainedCheckpoint.Folder).</summary>
    public string PretrainedDirectory => EnsureDirectory("pretrained");

    private string EnsureDirectory(string name)
    {
        var path = Path.Combine(DataDirectory, name);
        Directory.CreateDirectory(path);
        return path;
    }
}
