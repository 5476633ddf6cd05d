using System.IO.Compression;

namespace NewsClassifier.Hostile.Tests.Hosting;

/// <summary>Zip files with whatever entry names a hostile client chooses ('../x', '/abs', duplicates), built in memory,
/// and the multipart form that uploads one.</summary>
public static class HostileZip
{
    public static byte[] Of(params (string Name, string Content)[] entries) =>
        Of(entries.Select(e => (e.Name, Encoding.UTF8.GetBytes(e.Content))).ToArray());

    public static byte[] Of(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A multipart form with <paramref name="bytes"/> as 'file' and the optional fields.</summary>
    public static MultipartFormDataContent Form(byte[] bytes, string fileName = "upload.zip", string? name = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new("application/zip");
        form.Add(file, "file", fileName);
        if (name is not null) form.Add(new StringContent(name), "name");
        return form;
    }
}
