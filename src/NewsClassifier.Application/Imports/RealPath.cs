namespace NewsClassifier.Application.Imports;

/// <summary>
/// A path with every symbolic link along it resolved, component by component, the way the operating system walks it
/// (so <c>link/..</c> is the link target's parent, not the link's folder), like <c>realpath</c>. Checking an import
/// path against the allowed roots on this form means a link anywhere inside a root cannot point outside it.
/// </summary>
public static class RealPath
{
    /// <summary>Links followed before giving up (a loop), as Linux's ELOOP.</summary>
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <param name="path">Absolute, or relative to <paramref name="baseDirectory"/>.</param>
    /// <exception cref="IOException">More than <see cref="MaxLinks"/> links (a loop).</exception>
    public static string Resolve(string path, string baseDirectory)
    {
        var start = Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
        var current = Path.GetPathRoot(start)!;
        var pending = new Stack<string>();
        Push(pending, start[current.Length..]);
        int links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current; // the root's parent is the root
                continue;
            }
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next; // a plain file or folder, or nothing yet: nothing more to resolve here
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"Too many symbolic links in '{path}'.");
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target)!;
                Push(pending, target[current.Length..]);
            }
            else Push(pending, target); // relative to the folder holding the link
        }
        return current;
    }

    private static void Push(Stack<string> pending, string relative)
    {
        var parts = relative.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        for (int i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }
}
