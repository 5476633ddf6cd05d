namespace NewsClassifier.Web.Components.Pages.Experiments;

/// <summary>
/// The optional columns of the experiments table and which of them show: fixed columns by key, plus one column per
/// hyper-parameter ("param:learning_rate"). Kept in the browser's local storage as a comma-separated list, so each
/// browser remembers its own choice; the defaults keep a row on one line at 1440 px.
/// </summary>
public sealed class RunColumns
{
    public const string StorageKey = "nc.experiments.columns";

    public const string ParameterPrefix = "param:";

    /// <summary>The fixed optional columns in table order, with their headings.</summary>
    public static readonly IReadOnlyList<(string Key, string Title)> Fixed =
    [
        ("dataset", "Dataset"),
        ("parameters", "Key parameters"),
        ("accuracy", "Val. accuracy"),
        ("macro_f1", "Macro-F1"),
        ("duration", "Duration"),
        ("created", "Created (UTC)"),
        ("device", "Device"),
        ("started_by", "Started by"),
    ];

    /// <summary>What fits on one line at 1440 px; the run's id already orders the table by creation.</summary>
    public static readonly IReadOnlyList<string> Defaults = ["dataset", "parameters", "accuracy", "macro_f1", "duration"];

    private readonly HashSet<string> _shown;

    public RunColumns(IEnumerable<string>? shown = null) => _shown = new(shown ?? Defaults, StringComparer.Ordinal);

    /// <summary>The stored list (unknown fixed keys dropped; parameter columns kept whatever their key).</summary>
    public static RunColumns Parse(string? stored) => string.IsNullOrWhiteSpace(stored)
        ? new RunColumns()
        : new RunColumns(stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(k => k.StartsWith(ParameterPrefix, StringComparison.Ordinal) || Fixed.Any(f => f.Key == k)));

    public bool Shows(string key) => _shown.Contains(key);

    /// <summary>The chosen parameter columns, by parameter key, in the order of <paramref name="known"/> then the rest.</summary>
    public IReadOnlyList<string> Parameters(IEnumerable<string> known)
    {
        var chosen = _shown.Where(k => k.StartsWith(ParameterPrefix, StringComparison.Ordinal)).Select(k => k[ParameterPrefix.Length..]).ToHashSet();
        var ordered = known.Where(chosen.Contains).ToList();
        return [.. ordered, .. chosen.Except(ordered).Order(StringComparer.Ordinal)];
    }

    public RunColumns With(string key, bool shown)
    {
        var next = new HashSet<string>(_shown, StringComparer.Ordinal);
        if (shown) next.Add(key); else next.Remove(key);
        return new RunColumns(next);
    }

    public string Serialize() => string.Join(",", _shown.Order(StringComparer.Ordinal));
}
