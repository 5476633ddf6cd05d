using System.Text;

namespace NewsClassifier.Application.Hosting;

/// <summary>User-controlled text (a typed user name, a title, a file or dataset name) made safe for a log line: CR, LF
/// and other control characters are written as escapes (<c>\n</c>, <c>\u001b</c>), so such a value cannot forge a
/// second log entry or send terminal escapes to whoever tails the log, and very long values are cut.</summary>
public static class LogText
{
    public const int MaxLength = 200;

    public static string Safe(string? value)
    {
        if (value is null) return "(none)";
        var text = value.Length > MaxLength ? value[..MaxLength] : value;
        if (!text.Any(NeedsEscape)) return value.Length > MaxLength ? text + "…" : text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when NeedsEscape(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        if (value.Length > MaxLength) builder.Append('…');
        return builder.ToString();
    }

    /// <summary>Control characters, and the Unicode line/paragraph separators some viewers break lines at.</summary>
    private static bool NeedsEscape(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085';
}
