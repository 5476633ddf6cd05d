using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Benchmarks;

/// <summary>Imports 120,000 AG News-shaped articles into a fresh database (target: under 15 s).</summary>
public sealed class ImportBenchmark : IBenchmark
{
    public string Name => "import";

    public string Description => "import 120,000 articles (the sample repeated, titles made unique) into a fresh database; [--rows N]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rows = BenchData.IntOption(args, "--rows", 120_000);
        // The importer is an application service; the workspace registers only AddNewsData.
        using var workspace = await BenchWorkspace.CreateAsync(cancellationToken, b => b.Services.AddSingleton<DatasetImporter>());
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
