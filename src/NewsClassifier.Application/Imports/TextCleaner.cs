using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace NewsClassifier.Application.Imports;

/// <summary>
/// Turns feed text as scraped news files carry it into the text a reader sees: HTML character references (also the
/// broken ones AG News has lost the '&amp;' of: <c>#39;</c>, <c>quot;</c>), the HTML tags they spell (<c>&amp;lt;b&amp;gt;</c>),
/// and backslash escapes (<c>a\highly</c>, <c>\$</c>, <c>\\</c> for a line break), then runs of spaces. Applied at
/// import (an option, on by default) and to a pasted article before it is classified, so a model sees the same kind of
/// text it was trained on. Repeated until nothing changes (up to <see cref="MaxPasses"/>), so double-encoded text
/// (<c>&amp;amp;lt;</c>) comes out clean and cleaning clean text changes nothing (re-importing a cleaned export gives the
/// same articles).
/// </summary>
public static partial class TextCleaner
{
    // Every entity ends in ';', a tag needs '<', an escape '\': text with none of them (and no run of spaces) is left alone
    // without running a single expression, which is most articles.
    private static readonly SearchValues<char> Markers = SearchValues.Create(";<\\\t");

    /// <summary>The cleaned text, trimmed; <paramref name="text"/> itself when there is nothing to clean.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var current = text;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var next = Step(current);
            if (string.Equals(next, current, StringComparison.Ordinal)) return current;
            current = next;
        }
        return current;
    }

    /// <summary>Each pass decodes one level of encoding; real feeds nest two or three. The bound keeps a hostile
    /// "&amp;amp;amp;..." of 100,000 characters from costing one pass per level.</summary>
    public const int MaxPasses = 8;

    private static string Step(string text)
    {
        if (text.AsSpan().IndexOfAny(Markers) < 0 && !text.Contains("  ", StringComparison.Ordinal)) return text.Trim();
        var result = text;
        if (result.Contains(';'))
        {
            result = BrokenNumericReference().Replace(result, DecodeBrokenNumeric);
            result = BrokenNamedReference().Replace(result, m => WebUtility.HtmlDecode("&" + m.Groups["name"].Value + ";"));
            result = NumericReference().Replace(result, m => Decode(m.Groups[1].Value, m.Groups[2].Value) ?? m.Value);
            result = NamedReference().Replace(result, m => WebUtility.HtmlDecode(m.Value));
        }
        if (result.Contains('<')) result = Tag().Replace(result, m => m.Groups[1].Value.ToLowerInvariant() is "br" or "p" or "div" or "li" or "tr" ? " " : "");
        if (result.Contains('\\')) result = Escape().Replace(result, EscapeReplacement);
        result = SpaceRun().Replace(result, " ");
        return result.Trim();
    }

    /// <summary><c>#39;</c> without its '&amp;' is only a reference when it spells punctuation or a symbol ("#1;" in
    /// "ranked #1; then" stays). The space before it stood for the lost '&amp;' (<c>Gerrard #39;s</c>) and goes with it.</summary>
    private static string DecodeBrokenNumeric(Match m)
    {
        var decoded = Decode(m.Groups["dec"].Value, m.Groups["hex"].Value);
        return decoded is not null && !char.IsLetterOrDigit(decoded, 0) && !char.IsWhiteSpace(decoded, 0) ? decoded : m.Value;
    }

    /// <summary>A numeric reference's character, or null for one that is not a printable character. 128-159 are read as
    /// Windows-1252, as browsers do (<c>#151;</c> is an em dash in AG News, not a control character).</summary>
    private static string? Decode(string decimalDigits, string hexDigits)
    {
        var ok = decimalDigits.Length > 0
            ? int.TryParse(decimalDigits, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            : int.TryParse(hexDigits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code);
        if (!ok) return null;
        if (code is >= 128 and <= 159) return Windows1252(code);
        if (code is < 32 and not (9 or 10 or 13) || code is 127 || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF) return null;
        return char.ConvertFromUtf32(code);
    }

    private static string? Windows1252(int code)
    {
        var c = Cp1252[code - 128];
        return c == '\0' ? null : c.ToString();
    }

    private static readonly char[] Cp1252 =
    [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0',
        '\0', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];

    /// <summary><c>\\</c> and a backslash before a letter or digit were line breaks in the source (<c>a\highly</c>,
    /// <c>Google AdWords\\Unlike</c>): a space. Before anything else the backslash escapes that character (<c>\$</c>).</summary>
    private static string EscapeReplacement(Match m)
    {
        var next = m.Groups[1].Value;
        if (next.Length == 0 || next == "\\" || char.IsLetterOrDigit(next, 0) || char.IsWhiteSpace(next, 0)) return " " + (next == "\\" ? "" : next.Trim());
        return next;
    }

    [GeneratedRegex(@" ?(?<![&\w;#])#(?:(?<dec>\d{1,7})|x(?<hex>[0-9a-fA-F]{1,6}));", RegexOptions.CultureInvariant)]
    private static partial Regex BrokenNumericReference();

    [GeneratedRegex(@" ?(?<![&\w;#])(?<name>quot|amp|lt|gt|apos|nbsp);", RegexOptions.CultureInvariant)]
    private static partial Regex BrokenNamedReference();

    [GeneratedRegex(@"&#(?:(\d{1,7})|[xX]([0-9a-fA-F]{1,6}));", RegexOptions.CultureInvariant)]
    private static partial Regex NumericReference();

    [GeneratedRegex(@"&[a-zA-Z][a-zA-Z0-9]{1,31};", RegexOptions.CultureInvariant)]
    private static partial Regex NamedReference();

    // Only the tags feed text carries, so "a <b and c> d" in prose is left alone.
    [GeneratedRegex(@"</?(a|b|i|u|s|em|strong|p|br|font|span|div|img|sup|sub|small|big|strike|tt|code|li|ul|ol|h[1-6]|tr|td|th|hr)\b[^<>]{0,500}>",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\\(.|$)", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Escape();

    [GeneratedRegex(@"[ \t]{2,}|\t", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceRun();
}
