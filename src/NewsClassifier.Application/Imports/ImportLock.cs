using System.Security.Cryptography;
using System.Text;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Held by the process importing a dataset name, for as long as it writes: an exclusive lock on a small file under
/// <c>import-locks/</c> beside the database, which the operating system releases when the process ends, even by
/// <c>kill -9</c>. So an Importing dataset whose name nobody holds is the leftover of a dead import (the web app's or
/// the CLI's, in any process), and one whose name is held is being written right now. The files stay (one per name
/// ever imported, empty): deleting a lock file another process may be opening would let two processes hold it.
/// </summary>
internal sealed class ImportLock : IDisposable
{
    private readonly FileStream _file;

    private ImportLock(FileStream file) => _file = file;

    /// <summary>The lock for <paramref name="datasetName"/>, or null when another import holds it.</summary>
    public static ImportLock? TryAcquire(DataPaths paths, string datasetName)
    {
        var folder = Directory.CreateDirectory(Path.Combine(paths.DataDirectory, "import-locks")).FullName;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(datasetName)))[..24];
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows: both cross-process.
            return new ImportLock(new FileStream(Path.Combine(folder, hash + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
