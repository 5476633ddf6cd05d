using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsClassifier.Data;

namespace NewsClassifier.TestSupport;

/// <summary>Datasets for labelling tests: AG News sample rows imported for real, the first few made unlabelled
/// (as a newsroom's fresh articles would be) so there is something to annotate.</summary>
public static class LabelingSeed
{
    public static async Task<(int DatasetId, long[] Unlabelled)> ImportAsync(ITestApp app, string name, int rows, int unlabelled)
    {
        var datasetId = await SampleData.ImportSampleAsync(app, name, rows);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var ids = await db.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.Id).Select(a => a.Id).Take(unlabelled).ToArrayAsync();
        await db.Articles.Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.LabelId, (int?)null));
        var labelled = await db.Articles.CountAsync(a => a.DatasetId == datasetId && a.LabelId != null);
        await db.Datasets.Where(d => d.Id == datasetId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LabelledCount, labelled));
        return (datasetId, ids);
    }

    public static async Task<int> LabelIdAsync(ITestApp app, int datasetId, string name)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await db.LabelClasses.Where(l => l.DatasetId == datasetId && l.Name == name).Select(l => l.Id).SingleAsync();
    }

    public static async Task<int?> GoldAsync(ITestApp app, long articleId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await db.Articles.Where(a => a.Id == articleId).Select(a => a.LabelId).SingleAsync();
    }
}
