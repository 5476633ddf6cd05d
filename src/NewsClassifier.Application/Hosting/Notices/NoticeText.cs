using System.Globalization;

namespace NewsClassifier.Application.Hosting.Notices;

/// <summary>The text a notice carries: fields separated by <see cref="Separator"/>, integers in invariant culture. A
/// notice that does not parse is dropped by the receiver (it came from another version or not from us).</summary>
public static class NoticeText
{
    /// <summary>PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; notices carry ids only and stay far below.</summary>
    public const int MaxLength = 200;

    public const char Separator = ' ';

    public static string Join(params long[] fields) => string.Join(Separator, fields.Select(f => f.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The notice's integer fields, or null when it is not exactly <paramref name="count"/> integers.</summary>
    public static long[]? Split(string notice, int count)
    {
        var parts = notice.Split(Separator);
        if (parts.Length != count) return null;
        var fields = new long[count];
        for (int i = 0; i < count; i++)
            if (!long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fields[i])) return null;
        return fields;
    }

    /// <summary>The one integer id of a notice, or null.</summary>
    public static long? Id(string notice) => Split(notice, 1)?[0];

    /// <summary>Longest display label (a phase such as "downloading") a notice carries after its id.</summary>
    public const int MaxLabelLength = 100;

    /// <summary>An id and a short display label; the label is shown as is, never used to decide anything.</summary>
    public static string IdAndLabel(long id, string label) =>
        $"{id.ToString(CultureInfo.InvariantCulture)}{Separator}{(label.Length <= MaxLabelLength ? label : label[..MaxLabelLength])}";

    /// <summary>The id and the label of <see cref="IdAndLabel"/>, or null.</summary>
    public static (long Id, string Label)? SplitIdAndLabel(string notice)
    {
        int split = notice.IndexOf(Separator);
        if (split < 0 || !long.TryParse(notice.AsSpan(0, split), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)) return null;
        var label = notice[(split + 1)..];
        return (id, label.Length <= MaxLabelLength ? label : label[..MaxLabelLength]);
    }
}
