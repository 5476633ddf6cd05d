using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Data;
using NewsClassifier.Application.Imports;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Benchmarks;

/// <summary>Imports 120,000 AG News-shaped articles into a fresh database (target: under 15 s).</summary>
public sealed class ImportBenchmark : IBenchmark
{
    public string Name => "import";

    public string Description => "import 120,000 articles (the sample repeated, titles made unique) into a fresh database; [--rows N]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rows = BenchData.IntOption(args, "--rows", 120_000);
        using var workspace = await BenchWorkspace.CreateAsync(cancellationToken);
        var file = Path.Combine(workspace.Directory, "articles.csv");
        var sw = Stopwatch.StartNew();
        BenchData.WriteAgNewsFile(file, rows);
        Console.WriteLine($"generated {rows:N0} rows ({new FileInfo(file).Length / 1e6:F1} MB) in {sw.Elapsed.TotalSeconds:F1} s");

        var importer = workspace.Services.GetRequiredService<DatasetImporter>();
        sw.Restart();
        var result = await importer.ImportAsync(new ImportRequest(file, "bench", new ImportSpec(), "benchmark"), null, cancellationToken);
        var seconds = sw.Elapsed.TotalSeconds;
        if (!result.Succeeded)
        {
            Console.Error.WriteLine(result.Message);
            return 1;
        }
        Console.WriteLine($"import: {result.ArticleCount:N0} articles in {seconds:F2} s = {result.ArticleCount / seconds:N0} articles/s " +
                          $"(target < 15 s: {(seconds < 15 ? "met" : "NOT met")}); duplicates {result.Report.DuplicateCount}");
        Console.WriteLine("per class: " + string.Join(", ", result.PerClass.Select(c => $"{c.Name} {c.Count:N0}")));
        return seconds < 15 ? 0 : 1;
    }
}

/// <summary>A temporary data directory with a migrated database and the services from AddNewsData.</summary>
internal sealed class BenchWorkspace : IDisposable
{
    private readonly IHost _host;

    private BenchWorkspace(string directory, IHost host)
    {
        Directory = directory;
        _host = host;
    }

    public string Directory { get; }

    public IServiceProvider Services => _host.Services;

    public string ConnectionString => Services.GetRequiredService<DataPaths>().ConnectionString;

    public static async Task<BenchWorkspace> CreateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nc-bench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = directory });
        builder.Logging.AddFilter(_ => false);
        builder.AddNewsData();
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        return new BenchWorkspace(directory, host);
    }

    public void Dispose()
    {
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

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
