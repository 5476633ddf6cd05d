using Microsoft.EntityFrameworkCore;
using NewsClassifier.Application.Imports;
using NewsClassifier.Data;
using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.TestSupport.Databases;

/// <summary>
/// The first rows of the AG News sample as a Ready, gold-labelled dataset in a migrated PostgreSQL database, written
/// through the EF model (rows read by the app's own file reader), for tests of the job machinery on PostgreSQL: they
/// need something to train, not the importer (its bulk path is tested on its own).
/// </summary>
public static class PostgresSampleDataset
{
    public static async Task<int> CreateAsync(string connectionString, string name, int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nc-sample-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(path, File.ReadLines(SampleData.SamplePath).Take(rows + 1));
        try
        {
            var file = await LabelledFileReader.ReadAsync(path, new ImportSpec(), CancellationToken.None);
            if (!file.IsValid) throw new InvalidOperationException($"The sample's first {rows} rows did not read as a labelled file.");
            var options = DataServiceExtensions.ConfigurePostgres(new DbContextOptionsBuilder<NewsDbContext>(), connectionString).Options;
            await using var db = new NewsDbContext((DbContextOptions<NewsDbContext>)options);
            var dataset = new Dataset
            {
                Name = name, Source = "AG News sample (test seed)", Format = file.Format.ToString(), CreatedAt = DateTime.UtcNow,
                ArticleCount = file.Rows.Count, LabelledCount = file.Rows.Count,
                Labels = file.LabelNames.Select((label, ordinal) => new LabelClass { Name = label, Ordinal = ordinal }).ToList(),
            };
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync();
            db.Articles.AddRange(file.Rows.Select(row => new Article
            {
                DatasetId = dataset.Id, SourceRow = row.Row, Title = row.Title, Text = row.Text, LabelId = dataset.Labels[row.Ordinal].Id,
            }));
            await db.SaveChangesAsync();
            return dataset.Id;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
