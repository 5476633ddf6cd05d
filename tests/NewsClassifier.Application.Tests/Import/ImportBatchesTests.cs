using NewsClassifier.Data.Bulk;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;
using NewsClassifier.Domain.Datasets;

namespace NewsClassifier.Application.Tests.Import;

/// <summary>An import commits in short batches into an Importing dataset that no reader sees until the last batch,
/// and whatever stops it (a problem row, a cancel, a crash) leaves nothing a user can see, for long.</summary>
public sealed class ImportBatchesTests
{
    private const int Rows = 12_000; // six batches

    [Fact]
    public async Task Batches_are_committed_while_the_dataset_and_its_articles_stay_invisible_until_the_last_one()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = GeneratedFile.Write(db.Directory, "big.csv", Rows);
        var seen = false;
        var progress = new InlineProgress<ImportProgress>(p =>
        {
            // Progress is reported between batches, on the importer's thread: look from other connections once a few are in.
            if (seen || p.RowsRead < 3 * ArticleBatches.Rows) return;
            seen = true;
            CheckInvisible(db).GetAwaiter().GetResult();
        });
        var result = await db.Importer.ImportAsync(new ImportRequest(path, "big", new ImportSpec(), "big.csv"), progress, CancellationToken.None);

        Assert.True(seen, "no progress report came after the third batch");
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(Rows, result.ArticleCount);
        var dataset = await db.Catalog.GetAsync(result.DatasetId!.Value, CancellationToken.None);
        Assert.Equal(Rows, dataset!.ArticleCount);
        Assert.Equal(0, db.Scalar($"SELECT COUNT(*) FROM \"Datasets\" WHERE \"State\" = {(int)DatasetState.Importing}"));
        Assert.Equal(Rows, db.SearchRows());
        var found = await db.Queries.GetPageAsync(dataset.Id, new ArticleQuery(0, 10, Search: "Headline 11999"), CancellationToken.None);
        Assert.Equal(1, found.TotalCount);
        // File order is Id order across batches (the browse queries rely on it).
        Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM (SELECT \"SourceRow\", LAG(\"SourceRow\") OVER (ORDER BY \"Id\") AS Previous FROM \"Articles\") p WHERE Previous > \"SourceRow\""));
    }

    private static async Task CheckInvisible(TestDatabase db)
    {
        var datasetId = (int)db.Scalar($"SELECT \"Id\" FROM \"Datasets\" WHERE \"State\" = {(int)DatasetState.Importing}");
        var written = db.Scalar($"SELECT COUNT(*) FROM \"Articles\" WHERE \"DatasetId\" = {datasetId}");
        Assert.True(written >= SqliteArticleWriter.MinBatchRows, $"only {written} articles committed so far"); // neither writer commits smaller batches
        Assert.True(written < Rows);
        Assert.Equal(written, db.SearchRows()); // indexed batch by batch
        var articleId = db.Scalar($"SELECT MIN(\"Id\") FROM \"Articles\" WHERE \"DatasetId\" = {datasetId}");

        var none = CancellationToken.None;
        Assert.Empty(await db.Catalog.ListAsync(none));
        Assert.Null(await db.Catalog.GetAsync(datasetId, none));
        Assert.Null(await db.Catalog.FindByNameAsync("big", none));
        Assert.False(await db.Catalog.DeleteAsync(datasetId, none));
        Assert.Empty((await db.Queries.GetPageAsync(datasetId, new ArticleQuery(0, 10), none)).Items);
        Assert.Empty((await db.Queries.GetPageAsync(datasetId, new ArticleQuery(0, 10, Search: "Headline"), none)).Items);
        Assert.Empty((await db.Queries.GetPageAsync(datasetId, new ArticleQuery(0, 10, LabelOrdinal: 0), none)).Items);
        Assert.Empty(await db.Queries.CountPerClassAsync(datasetId, none));
        Assert.Null(await db.Queries.GetArticleAsync(articleId, none));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => db.Exporter.ExportAsync(datasetId, ExportFormat.Csv, Stream.Null, none));
        await using var context = await db.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await context.Datasets.CountAsync());
        Assert.Equal(0, await context.Articles.CountAsync());
        Assert.Equal(0, await context.LabelClasses.CountAsync());
        Assert.False(await context.Articles.AnyAsync(a => a.Id == articleId));
        Assert.Equal(1, await context.Datasets.IgnoreQueryFilters().CountAsync()); // it is there, just not for readers

        // The name is held: a second import of it is refused, and says why.
        var second = await db.ImportAsync(TestDatabase.SamplePath, "big");
        Assert.False(second.Succeeded);
        Assert.Contains("is being imported right now", second.Message);
    }

    [Fact]
    public async Task A_problem_row_after_several_batches_leaves_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = GeneratedFile.Write(db.Directory, "bad-at-end.csv", Rows, lastLine: "1,\"\",\"\"");
        var result = await db.ImportAsync(path, "bad");
        Assert.False(result.Succeeded);
        Assert.Equal(1, result.Report.ProblemCount);
        Assert.Equal(Rows + 1, result.Report.RowsRead);
        Assert.Equal((0, 0, 0, 0), db.Counts());
    }

    [Fact]
    public async Task A_cancel_after_several_batches_leaves_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = GeneratedFile.Write(db.Directory, "cancelled.csv", Rows);
        using var cancel = new CancellationTokenSource();
        var progress = new InlineProgress<ImportProgress>(p =>
        {
            if (p.RowsRead >= 3 * ArticleBatches.Rows) cancel.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            db.Importer.ImportAsync(new ImportRequest(path, "c", new ImportSpec(), "s"), progress, cancel.Token));
        Assert.Equal((0, 0, 0, 0), db.Counts());
    }

    [Fact]
    public async Task A_retry_of_an_interrupted_import_deletes_the_partial_dataset_first_and_a_finished_one_is_not_imported_twice()
    {
        await using var db = await TestDatabase.CreateAsync();
        LeavePartialDataset(db, "news", importId: 7, articles: 3);
        Assert.Equal((1, 1, 3, 3), db.Counts());

        var result = await db.Importer.ImportAsync(new ImportRequest(TestDatabase.SamplePath, "news", new ImportSpec(), "s", ImportId: 7), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((1, 4, 6_000, 6_000), db.Counts());
        Assert.Equal(7, db.Scalar($"SELECT \"ImportId\" FROM \"Datasets\" WHERE \"Id\" = {result.DatasetId}"));

        // The process died after the last batch but before the import row said so: the retry finds the dataset complete.
        var again = await db.Importer.ImportAsync(new ImportRequest(TestDatabase.SamplePath, "news", new ImportSpec(), "s", ImportId: 7), null, CancellationToken.None);
        Assert.True(again.Succeeded, again.Message);
        Assert.Equal(result.DatasetId, again.DatasetId);
        Assert.Equal(6_000, again.ArticleCount);
        Assert.Equal((1, 4, 6_000, 6_000), db.Counts());

        // Another import of the same name is still refused as before.
        var other = await db.Importer.ImportAsync(new ImportRequest(TestDatabase.SamplePath, "news", new ImportSpec(), "s", ImportId: 8), null, CancellationToken.None);
        Assert.False(other.Succeeded);
        Assert.Contains("already exists", other.Message);
    }

    [Fact]
    public async Task The_next_import_of_a_name_replaces_a_dead_imports_leftover_but_not_a_live_imports_dataset()
    {
        await using var db = await TestDatabase.CreateAsync();
        LeavePartialDataset(db, "cli", importId: null, articles: 3); // the CLI was killed mid-import
        var paths = db.Services.GetRequiredService<Data.Storage.DataPaths>();
        using (ImportLock.TryAcquire(paths, "cli")) // ... or it is still running, in another process
        {
            var refused = await db.ImportAsync(TestDatabase.SamplePath, "cli");
            Assert.False(refused.Succeeded);
            Assert.Contains("is being imported right now", refused.Message);
            Assert.Equal((1, 1, 3, 3), db.Counts());
        }
        var result = await db.ImportAsync(TestDatabase.SamplePath, "cli");
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal((1, 4, 6_000, 6_000), db.Counts());
    }

    /// <summary>What a crash in the middle of an import leaves: an Importing dataset with a label and some indexed articles.</summary>
    internal static int LeavePartialDataset(TestDatabase db, string name, int? importId, int articles, DateTime? createdAt = null)
    {
        var created = (createdAt ?? DateTime.UtcNow).ToString("yyyy-MM-dd HH:mm:ss");
        var import = importId?.ToString() ?? "NULL";
        var id = (int)db.Scalar(
            "INSERT INTO \"Datasets\" (\"Name\", \"Source\", \"Format\", \"CreatedAt\", \"ArticleCount\", \"LabelledCount\", \"State\", \"ImportId\") " +
            $"VALUES ('{name}', 's', 'ag-news-csv', '{created}', 0, 0, {(int)DatasetState.Importing}, {import}) RETURNING \"Id\"");
        var label = db.Scalar($"INSERT INTO \"LabelClasses\" (\"DatasetId\", \"Ordinal\", \"Name\") VALUES ({id}, 0, 'World') RETURNING \"Id\"");
        for (var i = 0; i < articles; i++)
        {
            var article = db.Scalar($"INSERT INTO \"Articles\" (\"DatasetId\", \"SourceRow\", \"Title\", \"Text\", \"LabelId\") VALUES ({id}, {i + 2}, 'Left {i}', 'over', {label}) RETURNING \"Id\"");
            // SQLite's index is a table of its own; PostgreSQL's generated column was filled by the insert.
            if (!TestProvider.IsPostgres) db.Scalar($"INSERT INTO ArticleSearch (rowid, Title, Text) VALUES ({article}, 'Left {i}', 'over'); SELECT 0");
        }
        return id;
    }
}
