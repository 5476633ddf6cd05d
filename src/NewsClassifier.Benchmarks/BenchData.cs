namespace NewsClassifier.Benchmarks;

internal static class BenchData
{
    public static string SamplePath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NewsClassifier.sln"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? ".", "..", "shared", "data", "ag_news", "ag_news_sample.csv");
        return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException("AG News sample not found", path);
    }

    /// <summary>Writes <paramref name="rows"/> AG News rows by repeating the sample; copies get a " #k" title suffix so
    /// nothing is an exact duplicate.</summary>
    public static void WriteAgNewsFile(string path, int rows)
    {
        // The sample has one record per line (no line breaks inside quotes).
        var sample = File.ReadLines(SamplePath()).Skip(1).Select(SplitCsvLine).ToList();
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine("label,title,description");
        for (var i = 0; i < rows; i++)
        {
            var row = sample[i % sample.Count];
            var copy = i / sample.Count;
            writer.WriteLine($"{row[0]},{Quote(copy == 0 ? row[1] : $"{row[1]} #{copy}")},{Quote(row[2])}");
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";

    private static string[] SplitCsvLine(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields.ToArray();
    }

    public static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }
}
