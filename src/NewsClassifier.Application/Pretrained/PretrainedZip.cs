using System.IO.Compression;

namespace NewsClassifier.Application.Pretrained;

/// <summary>
/// Extracts an uploaded Hugging Face folder zip. Like model archives (<see cref="Registry.ModelArchive"/>), no entry may
/// leave the target: absolute paths, drive letters, backslashes and ".." segments are refused outright, and sizes are
/// counted while copying (declared lengths are not trusted). Unlike them, one top folder is tolerated (zipping a
/// folder puts everything under its name) and only the files a BERT checkpoint needs are kept.
/// </summary>
public sealed class PretrainedZip(IOptions<PretrainedOptions> options)
{
    /// <returns>The names of the files extracted.</returns>
    public async Task<IReadOnlyList<string>> ExtractAsync(string zipPath, string folder, IProgress<(long Done, long Total)>? progress, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(zipPath);
            _ = zip.Entries.Count;
        }
        catch (InvalidDataException e)
        {
            throw new PretrainedException("The uploaded file is not a zip archive.", e);
        }
        using (zip)
        {
            if (zip.Entries.Count > limits.MaxZipEntries)
                throw new PretrainedException($"The zip has {zip.Entries.Count} entries; a model folder has at most {limits.MaxZipEntries}.");
            foreach (var entry in zip.Entries) CheckEntryName(entry.FullName);

            var files = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            var tops = files.Select(e => e.FullName.Contains('/') ? e.FullName[..e.FullName.IndexOf('/')] : "").Distinct().ToList();
            var prefix = tops is [{ Length: > 0 } top] ? top + "/" : "";
            var kept = files
                .Select(e => (Entry: e, Name: e.FullName[prefix.Length..]))
                .Where(x => PretrainedFiles.Kept.Contains(x.Name))
                .ToList();
            if (kept.GroupBy(x => x.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new PretrainedException($"The zip holds {twice.Key} more than once.");
            if (kept.Count == 0)
                throw new PretrainedException($"The zip holds no {PretrainedFiles.Config}, {PretrainedFiles.Vocabulary} or weights at its top level (or inside one top folder).");

            Directory.CreateDirectory(folder);
            long declared = kept.Sum(x => x.Entry.Length), done = 0;
            var buffer = new byte[1 << 16];
            foreach (var (entry, name) in kept)
            {
                await using var source = entry.Open();
                await using var target = File.Create(Path.Combine(folder, name));
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    done += read;
                    if (done > limits.MaxExtractedBytes)
                        throw new PretrainedException($"The zip expands to more than {limits.MaxExtractedBytes:N0} bytes; refused.");
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress?.Report((done, Math.Max(declared, done)));
                }
            }
            return kept.Select(x => x.Name).ToList();
        }
    }

    private static void CheckEntryName(string name)
    {
        var segments = name.Split('/');
        if (name.Length == 0 || name.StartsWith('/') || name.Contains('\\') || name.Contains(':') || segments.Any(s => s is ".." or "."))
            throw new PretrainedException($"The zip entry '{name}' is not a plain relative path (absolute paths and '..' are refused).");
    }
}
