using System.Text;

namespace NewsClassifier.ML.Checkpoints;

/// <summary>
/// Writes a model folder's files to a temporary name and moves them into place, so a crash mid-save (the <c>last/</c>
/// checkpoint is rewritten every epoch) leaves the previous complete file rather than a torn one.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<string> write)
    {
        var tmp = path + ".tmp";
        write(tmp);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>UTF-8 without a byte-order mark (what Python's json and Hugging Face expect).</summary>
    public static void WriteText(string path, string text) => Write(path, tmp => File.WriteAllText(tmp, text, new UTF8Encoding(false)));

    /// <summary>Copies <paramref name="source"/> to <paramref name="path"/>; nothing to do when they are the same file.</summary>
    public static void Copy(string source, string path)
    {
        if (Path.GetFullPath(source) == Path.GetFullPath(path)) return;
        Write(path, tmp => File.Copy(source, tmp, overwrite: true));
    }
}
