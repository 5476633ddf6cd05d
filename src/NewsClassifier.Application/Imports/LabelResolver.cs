using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Application.Imports;

/// <summary>Maps label values to ordinals: AG News numbers 1-4, a given label set, or the values in first-seen order.</summary>
internal sealed class LabelResolver
{
    public const int MaxLabelNameLength = 100;
    public const int MaxClasses = 1_000;

    private readonly bool _agNews;
    private readonly bool _closed;
    private readonly List<string> _names = new();
    private readonly Dictionary<string, int> _ordinals = new(StringComparer.OrdinalIgnoreCase);

    public LabelResolver(ImportFormat format, IReadOnlyList<string>? labelNames)
    {
        _agNews = ImportFormats.HasFixedLabels(format);
        var fixedNames = _agNews ? AgNews.LabelNames : labelNames;
        if (fixedNames is { Count: > 0 })
        {
            _closed = true;
            foreach (var raw in fixedNames)
            {
                var name = raw.Trim();
                if (name.Length == 0 || name.Length > MaxLabelNameLength)
                    throw new ImportException($"Label names must be 1-{MaxLabelNameLength} characters: '{raw}'.");
                if (!_ordinals.TryAdd(name, _names.Count)) throw new ImportException($"The label set names '{name}' twice.");
                _names.Add(name);
            }
        }
    }

    /// <summary>The label set so far, in ordinal order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Null ordinal = unlabelled. <paramref name="isNew"/> when an open label set grew.</summary>
    public bool TryResolve(string? value, out int? ordinal, out bool isNew, out string? problem)
    {
        ordinal = null;
        isNew = false;
        problem = null;
        var label = value?.Trim() ?? "";
        if (_agNews)
        {
            if (label is "1" or "2" or "3" or "4")
            {
                ordinal = label[0] - '1';
                return true;
            }
            problem = label.Length == 0
                ? "The label is empty; AG News labels are 1-4 (1 World, 2 Sports, 3 Business, 4 Sci/Tech)."
                : $"Label '{Shorten(label)}' is not one of 1-4 (1 World, 2 Sports, 3 Business, 4 Sci/Tech).";
            return false;
        }
        if (label.Length == 0) return true;
        if (_ordinals.TryGetValue(label, out var known))
        {
            ordinal = known;
            return true;
        }
        if (_closed)
        {
            problem = $"Label '{Shorten(label)}' is not in the label set ({string.Join(", ", _names)}).";
            return false;
        }
        if (label.Length > MaxLabelNameLength)
        {
            problem = $"The label is {label.Length:N0} characters long; label names have at most {MaxLabelNameLength}. Is the label column the right one?";
            return false;
        }
        if (_names.Count >= MaxClasses)
        {
            problem = $"Label '{Shorten(label)}' would be class number {MaxClasses + 1:N0}; a dataset has at most {MaxClasses:N0}. Is the label column the right one?";
            return false;
        }
        ordinal = _names.Count;
        isNew = true;
        _ordinals.Add(label, _names.Count);
        _names.Add(label);
        return true;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
