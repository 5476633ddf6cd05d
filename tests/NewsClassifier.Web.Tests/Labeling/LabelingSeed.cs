using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Data;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Web.Tests.Labeling;

/// <summary>Datasets for labelling tests: AG News sample rows imported for real, the first few made unlabelled
/// (as a newsroom's fresh articles would be) so there is something to annotate.</summary>
internal static class LabelingSeed
{
    public static async Task<(int DatasetId, long[] Unlabelled)> ImportAsync(NewsAppFactory app, string name, int rows, int unlabelled)
    {
        var datasetId = await ImportSampleAsync(app, name, rows);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var ids = await db.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.Id).Select(a => a.Id).Take(unlabelled).ToArrayAsync();
        await db.Articles.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.LabelId, (int?)null));
        var labelled = await db.Articles.CountAsync(a => a.DatasetId == datasetId && a.LabelId != null);
        await db.Datasets.Where(d => d.Id == datasetId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LabelledCount, labelled));
        return (datasetId, ids);
    }

    /// <summary>The AG News sample, looked for in a 'shared' folder beside the repository or a folder above it
    /// (a git worktree sits one level deeper than the main checkout).</summary>
    public static string SamplePath
    {
        get
        {
            for (var dir = new DirectoryInfo(NewsAppFactory.RepositoryRoot).Parent; dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "shared", "data", "ag_news", "ag_news_sample.csv");
                if (File.Exists(path)) return path;
            }
            throw new FileNotFoundException("The AG News sample (shared/data/ag_news/ag_news_sample.csv) is not beside or above the repository.");
        }
    }

    public static async Task<int> ImportSampleAsync(NewsAppFactory app, string name, int rows)
    {
        var path = Path.Combine(app.DataDirectory, $"{name}.csv");
        await File.WriteAllLinesAsync(path, File.ReadLines(SamplePath).Take(rows + 1));
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<DatasetImporter>()
            .ImportAsync(new ImportRequest(path, name, new ImportSpec(), path), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        return result.DatasetId!.Value;
    }

    public static async Task<int> LabelIdAsync(NewsAppFactory app, int datasetId, string name)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await db.LabelClasses.Where(l => l.DatasetId == datasetId && l.Name == name).Select(l => l.Id).SingleAsync();
    }

    public static async Task<int?> GoldAsync(NewsAppFactory app, long articleId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await db.Articles.Where(a => a.Id == articleId).Select(a => a.LabelId).SingleAsync();
    }
}
