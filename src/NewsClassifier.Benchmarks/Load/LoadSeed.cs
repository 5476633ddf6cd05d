using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Application.Imports;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.Benchmarks.Load;

/// <summary>
/// What the app needs before it starts, written into the benchmark's data directory with the application's own services
/// (the app has no HTTP import of a local file, and the first Admin is made by the CLI or the setup page): one Admin
/// with a personal access token, and the AG News sample as a labelled dataset. The web app then opens the same SQLite file.
/// </summary>
internal sealed record LoadSeed(int DatasetId, int Articles, string Token)
{
    public const string UserName = "load-admin";
    public const string DatasetName = "ag-news-sample";

    /// <summary>The services the seed uses, on top of the workspace's (which registers the importer).</summary>
    public static void AddServices(IHostApplicationBuilder builder) => builder.AddNewsAccounts();

    /// <summary>The dataset's id and article count, and a personal access token of the Admin (for the API clients).</summary>
    public static async Task<LoadSeed> WriteAsync(BenchWorkspace workspace, string samplePath, string password,
        CancellationToken cancellationToken)
    {
        await workspace.Services.GetRequiredService<UserAdministration>().CreateAsync(UserName, AppRoles.Admin, password, cancellationToken);
        var result = await workspace.Services.GetRequiredService<DatasetImporter>()
            .ImportAsync(new ImportRequest(samplePath, DatasetName, new ImportSpec(), "load benchmark"), null, cancellationToken);
        if (!result.Succeeded || result.DatasetId is not { } id) throw new InvalidOperationException($"Importing {samplePath} failed: {result.Message}");
        var token = await workspace.Services.GetRequiredService<ApiTokens>().CreateAsync(UserName, "benchmark", 1, null, cancellationToken);
        return new LoadSeed(id, result.ArticleCount, token.Token);
    }
}
