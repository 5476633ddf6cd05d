using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Benchmarks;

/// <summary>Seeds 1,000,000 articles through the importer and times the browse grid's page queries (target: well under 200 ms).</summary>
public sealed class BrowseBenchmark : IBenchmark
{
    public string Name => "browse";

    public string Description => "seed 1,000,000 articles, time page queries (first page, page 5,000, title sort, label filter, search); [--rows N]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rows = BenchData.IntOption(args, "--rows", 1_000_000);
        using var workspace = await BenchWorkspace.CreateAsync(cancellationToken);
        var file = Path.Combine(workspace.Directory, "articles.csv");
        var sw = Stopwatch.StartNew();
        BenchData.WriteAgNewsFile(file, rows);
        var result = await workspace.Services.GetRequiredService<DatasetImporter>()
            .ImportAsync(new ImportRequest(file, "bench", new ImportSpec(), "benchmark"), null, cancellationToken);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine(result.Message);
            return 1;
        }
        File.Delete(file);
        Console.WriteLine($"seeded {result.ArticleCount:N0} articles through the importer in {sw.Elapsed.TotalSeconds:F1} s " +
                          $"(database {new FileInfo(Path.Combine(workspace.Directory, "newsclassifier.db")).Length / 1e6:F0} MB)");

        var queries = workspace.Services.GetRequiredService<ArticleQueries>();
        var id = result.DatasetId!.Value;
        const int pageSize = 20;
        var cases = new (string Name, ArticleQuery Query)[]
        {
            ("first page", new ArticleQuery(0, pageSize)),
            ("page 5,000", new ArticleQuery(4_999 * pageSize, pageSize)),
            ("last page", new ArticleQuery(rows - pageSize, pageSize)),
            ("sort by title, first page", new ArticleQuery(0, pageSize, Sort: ArticleSort.Title)),
            ("sort by title desc, page 5,000", new ArticleQuery(4_999 * pageSize, pageSize, Sort: ArticleSort.Title, Descending: true)),
            ("sort by label, page 5,000", new ArticleQuery(4_999 * pageSize, pageSize, Sort: ArticleSort.Label)),
            ("label filter (Sports), first page", new ArticleQuery(0, pageSize, LabelOrdinal: 1)),
            ("label filter (Sports), page 5,000", new ArticleQuery(4_999 * pageSize, pageSize, LabelOrdinal: 1)),
            ("search 'olympic'", new ArticleQuery(0, pageSize, Search: "olympic")),
            ("search 'oil prices'", new ArticleQuery(0, pageSize, Search: "oil prices")),
            ("search 'the' (very common)", new ArticleQuery(0, pageSize, Search: "the")),
            ("search 'the', page 100", new ArticleQuery(99 * pageSize, pageSize, Search: "the")),
            ("search 'google' + label Sci/Tech", new ArticleQuery(0, pageSize, Search: "google", LabelOrdinal: 3)),
        };
        var failed = false;
        Console.WriteLine($"{"query",-36} {"cold ms",8} {"warm ms",8} {"total",10}");
        foreach (var (name, query) in cases)
        {
            sw.Restart();
            var page = await queries.GetPageAsync(id, query, cancellationToken);
            var cold = sw.Elapsed.TotalMilliseconds;
            var warm = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                sw.Restart();
                await queries.GetPageAsync(id, query, cancellationToken);
                warm.Add(sw.Elapsed.TotalMilliseconds);
            }
            warm.Sort();
            var median = warm[warm.Count / 2];
            failed |= median >= 200;
            Console.WriteLine($"{name,-36} {cold,8:F1} {median,8:F1} {page.TotalCount,10:N0}{(page.TotalIsLowerBound ? "+" : "")}" +
                              (page.Items.Count == 0 ? "  (no rows!)" : ""));
        }

        sw.Restart();
        var perClass = await queries.CountPerClassAsync(id, cancellationToken);
        Console.WriteLine($"count per class: {sw.Elapsed.TotalMilliseconds:F0} ms ({string.Join(", ", perClass.Select(c => $"{c.Name} {c.Count:N0}"))})");
        sw.Restart();
        await workspace.Services.GetRequiredService<DatasetCatalog>().DeleteAsync(id, cancellationToken);
        Console.WriteLine($"delete dataset: {sw.Elapsed.TotalSeconds:F1} s");
        return failed ? 1 : 0;
    }
}
