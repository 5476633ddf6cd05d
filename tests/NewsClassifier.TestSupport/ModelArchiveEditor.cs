using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NewsClassifier.Application.Registry;

namespace NewsClassifier.TestSupport;

/// <summary>Hostile variants of an exported model archive, for the registry's import checks (in-process and over HTTP).</summary>
public static class ModelArchiveEditor
{
    /// <summary>The archive with one JSON entry changed; the card's size and hash of that entry follow, so only the change
    /// is wrong (the import must refuse it for what was changed, not for a hash mismatch).</summary>
    public static byte[] Rewrite(byte[] zip, string name, Action<JsonNode> change)
    {
        var copy = new MemoryStream();
        copy.Write(zip);
        using (var archive = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            JsonNode Read(string entry)
            {
                using var stream = archive.GetEntry(entry)!.Open();
                return JsonNode.Parse(stream)!;
            }
            void Write(string entry, byte[] bytes)
            {
                archive.GetEntry(entry)!.Delete();
                using var stream = archive.CreateEntry(entry).Open();
                stream.Write(bytes);
            }
            var node = Read(name);
            change(node);
            var changed = Encoding.UTF8.GetBytes(node.ToJsonString());
            if (name != ModelCard.FileName)
            {
                var card = Read(ModelCard.FileName);
                var listed = card["files"]!.AsArray().Single(f => (string?)f!["name"] == name)!;
                listed["bytes"] = changed.Length;
                listed["sha256"] = Convert.ToHexStringLower(SHA256.HashData(changed));
                Write(ModelCard.FileName, Encoding.UTF8.GetBytes(card.ToJsonString()));
            }
            Write(name, changed);
        }
        return copy.ToArray();
    }
}
