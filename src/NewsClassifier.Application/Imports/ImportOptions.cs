namespace NewsClassifier.Application.Imports;

/// <summary>Configuration section "Import".</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Import";

    /// <summary>Where "download AG News" fetches the full training CSV from.</summary>
    [Required]
    public Uri AgNewsUrl { get; set; } = new("https://raw.githubusercontent.com/mhjabreel/CharCnn_Keras/master/data/ag_news_csv/train.csv");

    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 1L << 30;

    public const string DefaultServerPathRoot = "./data/imports";

    /// <summary>Folders the web UI may import server-side files from, relative to the content root; when none are
    /// configured, <see cref="DefaultServerPathRoot"/> (applied after binding: the configuration binder appends to
    /// a list's initial items rather than replacing them). The CLI may import any path.</summary>
    public List<string> ServerPathRoots { get; set; } = [];

    /// <summary>Largest file a dataset URL import downloads; unset, the upload limit (<see cref="MaxUploadBytes"/>), so a
    /// URL cannot bring in more than an upload could. (Timeouts and allowed addresses: section Outbound.)</summary>
    [Range(1, long.MaxValue)]
    public long? MaxDownloadBytes { get; set; }

    public long DownloadLimit => MaxDownloadBytes ?? MaxUploadBytes;

    /// <summary>Base for relative roots and paths; set from the host's content root at registration.</summary>
    internal string BaseDirectory { get; set; } = Directory.GetCurrentDirectory();

    /// <summary>True when <paramref name="path"/> (absolute, or relative to the content root) lies inside one of
    /// <see cref="ServerPathRoots"/> once every symbolic link along it (and along the root) is resolved
    /// (<see cref="RealPath"/>), so neither ".." nor a link anywhere inside a root can escape it.</summary>
    public bool IsAllowedServerPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) return false;
        try
        {
            var full = RealPath.Resolve(path, BaseDirectory);
            foreach (var root in ServerPathRoots)
            {
                if (string.IsNullOrWhiteSpace(root)) continue;
                var fullRoot = Path.TrimEndingDirectorySeparator(RealPath.Resolve(root, BaseDirectory)) + Path.DirectorySeparatorChar;
                if (full.StartsWith(fullRoot, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
                    return true;
            }
            return false;
        }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
