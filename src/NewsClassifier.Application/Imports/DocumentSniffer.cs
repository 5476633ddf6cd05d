using System.Text.RegularExpressions;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Recognises the text files people pick by mistake instead of their data (a README, an HTML page a download link
/// returned, a JSON document), so the preview and the import say what the file is instead of showing its lines as
/// table rows. Markdown is only concluded when the lines also fail to split into one consistent set of columns, so a
/// real CSV whose text happens to hold a '#' heading is never refused.
/// </summary>
internal static partial class DocumentSniffer
{
    private const string Expected = "not a CSV, TSV or JSON lines file";

    /// <summary>Why the file is not data at all, judged before any delimiter is tried; or null.</summary>
    public static string? NotData(string sample)
    {
        var start = sample.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
            return $"The file is an HTML page, {Expected} (a download link that needs a sign-in often returns one).";
        if (start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase))
            return $"The file is XML, {Expected}.";
        if (start.StartsWith('['))
            return $"The file is one JSON document (it starts with '['), {Expected}: write one JSON object per line.";
        return null;
    }

    /// <summary>Why a file whose lines no delimiter splits into the same columns is a Markdown document; or null.</summary>
    public static string? Markdown(string sample, string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var signs = new List<string>();
        if (Heading().IsMatch(sample)) signs.Add("headings");
        if (ListItem().IsMatch(sample)) signs.Add("lists");
        if (sample.Contains("```", StringComparison.Ordinal)) signs.Add("code blocks");
        if (TableRule().IsMatch(sample)) signs.Add("tables");
        if (Link().IsMatch(sample)) signs.Add("links");
        if (signs.Count < 2 && extension is not (".md" or ".markdown")) return null;
        var what = signs.Count > 0 ? $" ({string.Join(", ", signs)})" : "";
        return $"This looks like a Markdown document{what}, {Expected}: its lines do not split into the same columns. Choose the data file itself.";
    }

    [GeneratedRegex(@"^#{1,6} \S", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s{0,3}[-*+] \S", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\|?\s*:?-{3,}:?\s*\|", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex TableRule();

    [GeneratedRegex(@"\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)", RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
