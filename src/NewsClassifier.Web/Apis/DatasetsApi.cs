using System.Net.Mime;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;
using NewsClassifier.Web.Hosting;

namespace NewsClassifier.Web.Apis;

/// <summary>HTTP access to datasets: list, details, article pages, export and delete.</summary>
public static class DatasetsApi
{
    private const int MaxPageSize = 500;

    public static WebApplication MapDatasetsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Datasets").RequireAuthorization(Policies.Browse);
        api.MapGet("/", ListAsync).WithName("ListDatasets").WithSummary("List the datasets");
        api.MapGet("/{id:int}", GetAsync).WithName("GetDataset").WithSummary("One dataset with its labels and counts");
        api.MapGet("/{id:int}/articles", GetArticlesAsync).WithName("GetDatasetArticles").WithSummary("A page of a dataset's articles");
        api.MapGet("/{id:int}/export", ExportAsync).WithName("ExportDataset").WithSummary("Export a dataset as CSV or JSON lines (format=csv|jsonl)").RequireRateLimiting(RateLimitPolicies.Exports);
        api.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteDataset").WithSummary("Delete a dataset (Admin)").RequireApiWrite(Policies.Admin);

        app.MapGet("/api/imports/{id:int}", GetImportAsync).WithTags("Datasets").WithName("GetImport").WithSummary("The state of an import").RequireAuthorization(Policies.Browse);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<DatasetSummary>>> ListAsync(DatasetCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.ListAsync(cancellationToken));

    private static async Task<Results<Ok<DatasetDetails>, NotFound>> GetAsync(int id, DatasetCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.GetAsync(id, cancellationToken) is { } dataset ? TypedResults.Ok(dataset) : TypedResults.NotFound();

    private static async Task<Results<Ok<ArticlePage>, NotFound, ValidationProblem>> GetArticlesAsync(
        int id, DatasetCatalog catalog, ArticleQueries articles, CancellationToken cancellationToken,
        int skip = 0, int take = 50, string? search = null, ArticleSort sort = ArticleSort.SourceRow, bool descending = false, int? label = null)
    {
        if (skip < 0 || take is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["take"] = new[] { $"skip must be >= 0 and take between 1 and {MaxPageSize}." },
            });
        }
        if (await catalog.GetAsync(id, cancellationToken) is null) return TypedResults.NotFound();
        var page = await articles.GetPageAsync(id, new ArticleQuery(skip, take, search, sort, descending, label), cancellationToken);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<EmptyHttpResult, NotFound, ValidationProblem>> ExportAsync(
        int id, string? format, HttpContext http, DatasetCatalog catalog, DatasetExporter exporter, CancellationToken cancellationToken)
    {
        ExportFormat? chosen = (format ?? "csv").ToLowerInvariant() switch
        {
            "csv" => ExportFormat.Csv,
            "jsonl" => ExportFormat.Jsonl,
            _ => null,
        };
        if (chosen is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = new[] { "format must be csv or jsonl." } });
        }
        var dataset = await catalog.GetAsync(id, cancellationToken);
        if (dataset is null) return TypedResults.NotFound();

        var extension = chosen == ExportFormat.Csv ? "csv" : "jsonl";
        http.Response.ContentType = chosen == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        http.Response.Headers.ContentDisposition = new ContentDisposition
        {
            FileName = $"{SafeFileName(dataset.Name)}.{extension}",
        }.ToString();
        // Streamed straight to the response: a million articles never sit in memory.
        await exporter.ExportAsync(id, chosen.Value, http.Response.Body, cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(int id, DatasetCatalog catalog, CancellationToken cancellationToken) =>
        await catalog.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<ImportView>, NotFound>> GetImportAsync(int id, ImportHistory history, CancellationToken cancellationToken) =>
        await history.GetAsync(id, cancellationToken) is { } import ? TypedResults.Ok(import) : TypedResults.NotFound();

    private static string SafeFileName(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
}
