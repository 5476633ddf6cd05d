namespace NewsClassifier.Benchmarks;

/// <summary>One figure per case and database, printed side by side once every database has run (markdown, so a run's
/// output pastes into the README or an issue note as it is).</summary>
internal sealed class ProviderTable(string caseHeader, string unit)
{
    private readonly List<string> _cases = [];
    private readonly List<string> _databases = [];
    private readonly Dictionary<(string Case, string Database), string> _cells = [];

    public void Add(string database, string name, double value, string? note = null)
    {
        if (!_databases.Contains(database)) _databases.Add(database);
        if (!_cases.Contains(name)) _cases.Add(name);
        _cells[(name, database)] = value.ToString(value >= 100 ? "N0" : "F1", CultureInfo.InvariantCulture) + (note is null ? "" : " " + note);
    }

    public void Print(string title)
    {
        Console.WriteLine();
        Console.WriteLine($"### {title}");
        Console.WriteLine($"| {caseHeader} | {string.Join(" | ", _databases.Select(d => $"{d} ({unit})"))} |");
        Console.WriteLine($"|---|{string.Concat(_databases.Select(_ => "---:|"))}");
        foreach (var name in _cases)
            Console.WriteLine($"| {name} | {string.Join(" | ", _databases.Select(d => _cells.GetValueOrDefault((name, d), "-")))} |");
    }
}
