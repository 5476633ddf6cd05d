namespace NewsClassifier.Application.Tests.Import;

/// <summary>AG News-shaped CSV files of any length for the batch tests: unique titles (no duplicates), four classes,
/// texts about as long as the sample's.</summary>
internal static class GeneratedFile
{
    public static string Write(string directory, string name, int rows, string? lastLine = null)
    {
        var path = Path.Combine(directory, name);
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine("label,title,description");
        for (var i = 0; i < rows; i++)
            writer.WriteLine($"{i % 4 + 1},\"Headline {i} on markets and matches\",\"Article body {i}: the quick brown fox jumps over the lazy dog " +
                             $"while reporters from the wire services file their copy about trade, sport, science and the world ({i * 7919 % 100_003}).\"");
        if (lastLine is not null) writer.WriteLine(lastLine);
        return path;
    }
}
