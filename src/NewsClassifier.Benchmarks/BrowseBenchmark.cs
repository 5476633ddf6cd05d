using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Benchmarks;

/// <summary>Seeds 1,000,000 articles through the importer and times the browse grid's page queries on each given provider (target: every page under 100 ms).</summary>
public sealed class BrowseBenchmark : IBenchmark
{
    public string Name => "browse";

    public string Description => "seed 1,000,000 articles, time page queries (first page, page 5,000, title sort, label filter, search); [--rows N] [--repeat N] [--postgres CONNECTION]";

    /// <summary>Every page query, first call included, must answer within this (issue target for a million articles).</summary>
    private const double TargetMs = 100;

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var rows = BenchData.IntOption(args, "--rows", 1_000_000);
        var repeat = BenchData.IntOption(args, "--repeat", 5);
        var table = new ProviderTable("query", "median / first ms");
        var met = true;
        foreach (var database in BenchDatabase.FromArgs(args))
        {
            Console.WriteLine($"== {await database.VersionAsync(cancellationToken)}");
            met &= await BrowseOnceAsync(database, rows, repeat, table, cancellationToken);
        }
        table.Print($"Browse {rows:N0} articles");
        Console.WriteLine($"every page query under {TargetMs} ms (median of {repeat} warm calls): {(met ? "met" : "NOT met")}");
        return met ? 0 : 1;
    }

    private static async Task<bool> BrowseOnceAsync(BenchDatabase database, int rows, int repeat, ProviderTable table, CancellationToken cancellationToken)
    {
        using var workspace = await BenchWorkspace.CreateAsync(cancellationToken, database: database);
        var file = Path.Combine(workspace.Directory, "articles.csv");
        var sw = Stopwatch.StartNew();
        BenchData.WriteAgNewsFile(file, rows);
        var result = await workspace.Services.GetRequiredService<DatasetImporter>()
            .ImportAsync(new ImportRequest(file, "bench", new ImportSpec(), "benchmark"), null, cancellationToken);
        if (!result.Succeeded)
        {
            Console.Error.WriteLine(result.Message);
            return false;
        }
        File.Delete(file);
        Console.WriteLine($"seeded {result.ArticleCount:N0} articles through the importer in {sw.Elapsed.TotalSeconds:F1} s");

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
        var met = true;
        Console.WriteLine($"{"query",-36} {"first ms",9} {"p50 ms",8} {"total",10}");
        foreach (var (name, query) in cases)
        {
            ArticlePage? page = null;
            var timing = await PageTiming.MeasureAsync(async () => page = await queries.GetPageAsync(id, query, cancellationToken), repeat);
            met &= timing.MedianMs < TargetMs;
            table.Add(database.Name, name, timing.MedianMs, $"/ {timing.FirstMs:F1}");
            Console.WriteLine($"{name,-36} {timing.FirstMs,9:F1} {timing.MedianMs,8:F1} {page!.TotalCount,10:N0}{(page.TotalIsLowerBound ? "+" : "")}" +
                              (page.Items.Count == 0 ? "  (no rows!)" : ""));
        }

        sw.Restart();
        var perClass = await queries.CountPerClassAsync(id, cancellationToken);
        table.Add(database.Name, "count per class", sw.Elapsed.TotalMilliseconds);
        Console.WriteLine($"count per class: {sw.Elapsed.TotalMilliseconds:F0} ms ({string.Join(", ", perClass.Select(c => $"{c.Name} {c.Count:N0}"))})");
        sw.Restart();
        await workspace.Services.GetRequiredService<DatasetCatalog>().DeleteAsync(id, cancellationToken);
        table.Add(database.Name, "delete dataset", sw.Elapsed.TotalMilliseconds);
        Console.WriteLine($"delete dataset: {sw.Elapsed.TotalSeconds:F1} s");
        return met;
    }
}
