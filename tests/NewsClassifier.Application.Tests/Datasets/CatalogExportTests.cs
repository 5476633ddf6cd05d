using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Application.Tests.Datasets;

public sealed class CatalogExportTests
{
    [SqliteFact]
    public async Task Migrations_create_the_schema_in_an_empty_sqlite_file()
    {
        await using var db = await TestDatabase.CreateAsync();
        var file = Path.Combine(db.Directory, "data", "newsclassifier.db");
        Assert.True(File.Exists(file));
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ArticleSearch'"));
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM __EFMigrationsHistory WHERE MigrationId LIKE '%_AddArticleSearch'"));
        Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM \"Datasets\""));
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"));
    }

    [PostgresFact]
    public async Task Migrations_create_the_schema_with_the_search_vector_and_its_gin_index_in_an_empty_postgres_database()
    {
        await using var db = await TestDatabase.CreateAsync();
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" LIKE '%_ArticleSearch'"));
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'Articles' AND column_name = 'SearchVector' AND is_generated = 'ALWAYS'"));
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'IX_Articles_SearchVector' AND indexdef LIKE '%USING gin%'"));
        Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM \"Datasets\""));
    }

    [Fact]
    public async Task Lists_finds_and_deletes_datasets_with_their_search_rows()
    {
        await using var db = await TestDatabase.CreateAsync();
        var a = await db.ImportAsync(db.WriteFile("a.csv", "label,title,description\n1,Alpha,First\n2,Beta,Second\n"), "B set");
        var b = await db.ImportAsync(db.WriteFile("b.csv", "label,title,description\n3,Gamma,Third\n"), "A set");
        var list = await db.Catalog.ListAsync(CancellationToken.None);
        Assert.Equal(["A set", "B set"], list.Select(d => d.Name));
        Assert.Equal(2, list[1].ArticleCount);
        Assert.Equal("a.csv", list[1].Source);

        var found = await db.Catalog.FindByNameAsync("B set", CancellationToken.None);
        Assert.Equal(a.DatasetId, found!.Id);
        Assert.Equal(["World", "Sports", "Business", "Sci/Tech"], found.Labels.Select(l => l.Name));
        Assert.Equal([0, 1, 2, 3], found.Labels.Select(l => l.Ordinal));
        Assert.Null(await db.Catalog.FindByNameAsync("nope", CancellationToken.None));

        Assert.True(await db.Catalog.DeleteAsync(a.DatasetId!.Value, CancellationToken.None));
        Assert.False(await db.Catalog.DeleteAsync(a.DatasetId!.Value, CancellationToken.None));
        Assert.Null(await db.Catalog.GetAsync(a.DatasetId!.Value, CancellationToken.None));
        Assert.Equal((1, 4, 1, 1), db.Counts());
        // The other dataset is still searchable; the deleted one left nothing in the index.
        Assert.Equal(1, (await db.Queries.GetPageAsync(b.DatasetId!.Value, new ArticleQuery(0, 5, Search: "gamma"), CancellationToken.None)).TotalCount);
        Assert.Equal(0, db.SearchCount("alpha"));
        // The name is free again.
        Assert.True((await db.ImportAsync(Path.Combine(db.Directory, "a.csv"), "B set")).Succeeded);
    }

    [Theory]
    [InlineData(ExportFormat.Csv)]
    [InlineData(ExportFormat.Jsonl)]
    public async Task Export_round_trips_through_the_importer(ExportFormat format)
    {
        await using var db = await TestDatabase.CreateAsync();
        var original = await db.ImportAsync(db.WriteFile("mixed.tsv",
            "title\ttext\tlabel\n" +
            "Quotes \"inside\"\tComma, and \"quotes\"\tb\n" +
            "Accents é ü\tnon-ASCII “text” 日本\ta\n" +
            "Untitled\tno label here\t\n" +
            "\tText only, no title\tb\n"), "original", new ImportSpec(LabelNames: ["a", "b"]));
        Assert.True(original.Succeeded, original.Message);
        var id = original.DatasetId!.Value;

        var exported = Path.Combine(db.Directory, format == ExportFormat.Csv ? "export.csv" : "export.jsonl");
        await using (var stream = File.Create(exported))
            await db.Exporter.ExportAsync(id, format, stream, CancellationToken.None);
        if (format == ExportFormat.Csv) Assert.StartsWith("label,title,text\n", await File.ReadAllTextAsync(exported));

        var labels = (await db.Catalog.GetAsync(id, CancellationToken.None))!.Labels.Select(l => l.Name).ToList();
        var copy = await db.ImportAsync(exported, "copy", new ImportSpec(LabelNames: labels));
        Assert.True(copy.Succeeded, copy.Message + string.Join("; ", copy.Report.Problems));
        Assert.Equal(original.PerClass, copy.PerClass);

        async Task<List<(string, string, string?)>> Articles(int datasetId)
        {
            var page = await db.Queries.GetPageAsync(datasetId, new ArticleQuery(0, 100), CancellationToken.None);
            var list = new List<(string, string, string?)>();
            foreach (var row in page.Items)
            {
                var a = (await db.Queries.GetArticleAsync(row.Id, CancellationToken.None))!;
                list.Add((a.Title, a.Text, a.LabelName));
            }
            return list;
        }
        Assert.Equal(await Articles(id), await Articles(copy.DatasetId!.Value));
    }

    [Fact]
    public async Task Export_of_a_missing_dataset_throws()
    {
        await using var db = await TestDatabase.CreateAsync();
        await Assert.ThrowsAsync<KeyNotFoundException>(() => db.Exporter.ExportAsync(42, ExportFormat.Csv, Stream.Null, CancellationToken.None));
    }
}
