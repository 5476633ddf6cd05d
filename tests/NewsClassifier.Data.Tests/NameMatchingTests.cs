using Microsoft.EntityFrameworkCore;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Data.Tests;

/// <summary>
/// Names behave alike on both providers. The app's searches ignore case (<see cref="TextMatch.Like"/>: SQLite's LIKE does,
/// PostgreSQL's needs ILIKE's function); stored names (datasets, labels, registered models) are compared exactly by the
/// database on both, as SQLite's BINARY collation always did, so "News" and "news" are two datasets on either provider
/// and a look-up by name finds only the exact one (label names are refused case-insensitively by the app itself,
/// LabelSetEditor, before anything is saved); user names go through Identity's normalized columns.
/// </summary>
public sealed class NameMatchingTests
{
    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Pattern_matching_ignores_case_and_honours_the_escape(StorageProvider provider)
    {
        await using var database = await ProviderDatabase.CreateAsync(provider);
        await using var db = database.Contexts.CreateDbContext();
        var dataset = new Dataset { Name = "d", CreatedAt = DateTime.UtcNow };
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();
        foreach (var recipe in new[] { "BERT-frozen", "custom", "tfidf_baseline", "tfidfXbaseline" })
            db.TrainingRuns.Add(new TrainingRun { Recipe = recipe, DatasetId = dataset.Id, DatasetName = "d", CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();

        async Task<string[]> Matching(string pattern) =>
            (await db.TrainingRuns.Where(r => TextMatch.Like(r.Recipe, pattern)).OrderBy(r => r.Id).Select(r => r.Recipe).ToListAsync()).ToArray();

        Assert.Equal(["BERT-frozen"], await Matching("%bert%"));
        Assert.Equal(["BERT-frozen"], await Matching("%FROZEN"));
        Assert.Equal(["tfidf_baseline", "tfidfXbaseline"], await Matching("TFIDF_BASELINE"));
        Assert.Equal(["tfidf_baseline"], await Matching("tfidf\\_baseline"));
        Assert.Empty(await Matching("bert"));
    }

    [Theory]
    [InlineData(StorageProvider.Sqlite)]
    [InlineData(StorageProvider.Postgres)]
    public async Task Stored_names_are_unique_and_found_exactly(StorageProvider provider)
    {
        await using var database = await ProviderDatabase.CreateAsync(provider);
        await using (var db = database.Contexts.CreateDbContext())
        {
            db.Datasets.AddRange(new Dataset { Name = "News", CreatedAt = DateTime.UtcNow }, new Dataset { Name = "news", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            Assert.Equal(["News"], await db.Datasets.Where(d => d.Name == "News").Select(d => d.Name).ToListAsync());
            Assert.Empty(await db.Datasets.Where(d => d.Name == "NEWS").ToListAsync());
        }
        await using (var db = database.Contexts.CreateDbContext())
        {
            db.Datasets.Add(new Dataset { Name = "News", CreatedAt = DateTime.UtcNow });
            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.True(database.Dialect.IsUniqueViolation(refused.InnerException!), refused.InnerException!.Message);
        }
    }
}
