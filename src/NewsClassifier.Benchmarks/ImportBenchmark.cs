using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Benchmarks;

/// <summary>Imports 120,000 AG News-shaped articles (or a given file) into a fresh database on each given provider (target: under 15 s for
/// 120,000), while a <see cref="ConcurrentWriter"/> saves a row every 50 ms: how long other writers wait during an import.</summary>
public sealed class ImportBenchmark : IBenchmark
{
    public string Name => "import";

    public string Description => "import 120,000 articles (the sample repeated, titles made unique) into a fresh database while another " +
                                 "writer saves every 50 ms; [--rows N] [--file CSV] [--writer-ms 50] [--postgres CONNECTION]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rows = BenchData.IntOption(args, "--rows", 120_000);
        var writerInterval = TimeSpan.FromMilliseconds(BenchData.IntOption(args, "--writer-ms", 50));
        var given = Array.IndexOf(args, "--file") is var at and >= 0 && at + 1 < args.Length ? Path.GetFullPath(args[at + 1]) : null;
        var table = new ProviderTable("import", "s");
        var met = true;
        foreach (var database in BenchDatabase.FromArgs(args))
        {
            Console.WriteLine($"== {await database.VersionAsync(cancellationToken)}");
            var seconds = await ImportOnceAsync(database, given, rows, writerInterval, cancellationToken);
            if (seconds is null) return 1;
            met &= seconds.Value.Met;
            table.Add(database.Name, $"{seconds.Value.Articles:N0} articles", seconds.Value.Seconds,
                $"({seconds.Value.Articles / seconds.Value.Seconds:N0} articles/s)");
        }
        table.Print("Import");
        return met ? 0 : 1;
    }

    private static async Task<(double Seconds, int Articles, bool Met)?> ImportOnceAsync(BenchDatabase database, string? given, int rows,
        TimeSpan writerInterval, CancellationToken cancellationToken)
    {
        using var workspace = await BenchWorkspace.CreateAsync(cancellationToken, database: database);
        var file = given ?? Path.Combine(workspace.Directory, "articles.csv");
        var sw = Stopwatch.StartNew();
        if (given is null)
        {
            BenchData.WriteAgNewsFile(file, rows);
            Console.WriteLine($"generated {rows:N0} rows ({new FileInfo(file).Length / 1e6:F1} MB) in {sw.Elapsed.TotalSeconds:F1} s");
        }

        var importer = workspace.Services.GetRequiredService<DatasetImporter>();
        await using var writer = await ConcurrentWriter.StartAsync(workspace.Services, writerInterval);
        sw.Restart();
        var result = await importer.ImportAsync(new ImportRequest(file, "bench", new ImportSpec(), "benchmark"), null, cancellationToken);
        var seconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine(await writer.StopAsync());
        if (!result.Succeeded)
        {
            Console.Error.WriteLine(result.Message);
            return null;
        }
        // The 15 s target is for 120,000 rows; scale it for other sizes.
        var target = 15.0 * result.ArticleCount / 120_000;
        Console.WriteLine($"import: {result.ArticleCount:N0} articles in {seconds:F2} s = {result.ArticleCount / seconds:N0} articles/s " +
                          $"(target < {target:F1} s: {(seconds < target ? "met" : "NOT met")}); duplicates {result.Report.DuplicateCount}");
        Console.WriteLine("per class: " + string.Join(", ", result.PerClass.Select(c => $"{c.Name} {c.Count:N0}")));
        return (seconds, result.ArticleCount, seconds < target);
    }
}
