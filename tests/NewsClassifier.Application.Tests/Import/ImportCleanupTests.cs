using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Snapshots;

namespace NewsClassifier.Application.Tests.Import;

public sealed class ImportCleanupTests
{
    private const string File = "label,title,description\n" +
        "2,Benitez praises Gerrard #39;s role,Rafael Benitez praised the captain #39;s performance.\n" +
        "3,Plain title,Nothing to clean here.\n" +
        "4,Channels &lt;b&gt;...&lt;/b&gt;,Cost a  #36;3\\billion sum.\n";

    [Fact]
    public async Task Cleaned_articles_keep_their_file_text_and_others_keep_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await db.ImportAsync(db.WriteFile("news.csv", File));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, result.CleanedCount);
        Assert.Contains("entities and escapes decoded in 2", result.Message);

        await using var context = await db.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var articles = await context.Articles.OrderBy(a => a.SourceRow).ToListAsync();
        Assert.Equal("Benitez praises Gerrard's role", articles[0].Title);
        Assert.Equal("Rafael Benitez praised the captain's performance.", articles[0].Text);
        Assert.Equal("Benitez praises Gerrard #39;s role", articles[0].OriginalTitle);
        Assert.Equal("Rafael Benitez praised the captain #39;s performance.", articles[0].OriginalText);
        Assert.Null(articles[1].OriginalTitle);
        Assert.Null(articles[1].OriginalText);
        Assert.Equal("Channels ...", articles[2].Title);
        Assert.Equal("Cost a $3 billion sum.", articles[2].Text);

        // The search index holds the stored (clean) text.
        Assert.Equal(1, db.SearchCount("Gerrard's"));
        var details = await db.Queries.GetArticleAsync(articles[0].Id, CancellationToken.None);
        Assert.True(details!.CleanedAtImport);
        Assert.Equal("Benitez praises Gerrard #39;s role", details.OriginalTitle);
    }

    [Fact]
    public async Task With_clean_up_off_the_file_text_is_stored_as_it_is()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await db.ImportAsync(db.WriteFile("news.csv", File), spec: new ImportSpec(CleanText: false));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(0, result.CleanedCount);
        Assert.Equal(0, db.Scalar("SELECT COUNT(*) FROM \"Articles\" WHERE \"OriginalTitle\" IS NOT NULL OR \"OriginalText\" IS NOT NULL"));
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM \"Articles\" WHERE \"Title\" = 'Benitez praises Gerrard #39;s role'"));
    }

    [Fact]
    public async Task Reimporting_the_same_file_gives_the_same_snapshot_hash()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("news.csv", File);
        var first = await db.ImportAsync(path, "first");
        var second = await db.ImportAsync(path, "second");
        Assert.True(first.Succeeded && second.Succeeded);
        await using var context = await db.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        string Texts(int id) => string.Join("|", context.Articles.Where(a => a.DatasetId == id).OrderBy(a => a.SourceRow)
            .Select(a => a.Title + "/" + a.Text + "/" + a.OriginalTitle + "/" + a.OriginalText));
        Assert.Equal(Texts(first.DatasetId!.Value), Texts(second.DatasetId!.Value));

        // The snapshot is hashed over the stored text: the same on every run over the same dataset, and the text a
        // model trains on is the clean one.
        var snapshots = db.Services.GetRequiredService<SnapshotService>();
        var a = await snapshots.CreateOrReuseAsync(first.DatasetId.Value, 0.34, 7, CancellationToken.None);
        var again = await snapshots.CreateOrReuseAsync(first.DatasetId.Value, 0.34, 7, CancellationToken.None);
        Assert.Equal(a.Snapshot.ContentHash, again.Snapshot.ContentHash);
        Assert.Contains("Benitez praises Gerrard's role Rafael Benitez praised the captain's performance.", a.Data.Texts);
        Assert.DoesNotContain(a.Data.Texts, t => t.Contains("#39;"));
    }

    [Fact]
    public async Task Exporting_a_cleaned_dataset_and_importing_the_export_changes_no_text()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await db.ImportAsync(db.WriteFile("news.csv", File), "first");
        var export = Path.Combine(db.Directory, "export.csv");
        await using (var stream = System.IO.File.Create(export))
            await db.Exporter.ExportAsync(result.DatasetId!.Value, ExportFormat.Csv, stream, CancellationToken.None);
        var again = await db.ImportAsync(export, "again");
        Assert.True(again.Succeeded, again.Message);
        Assert.Equal(0, again.CleanedCount); // clean text stays as it is
    }

    [Fact]
    public async Task Rows_that_clean_up_leaves_empty_are_refused_and_duplicates_are_found_on_the_clean_text()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await db.ImportAsync(db.WriteFile("a.csv", "label,title,description\n1,&lt;b&gt;&lt;/b&gt;,\n"));
        Assert.False(result.Succeeded);
        Assert.Equal("Both title and text are empty once entities and escapes are decoded.", result.Report.Problems.Single().Reason);

        var duplicates = await db.ImportAsync(db.WriteFile("b.csv", "label,title,description\n1,AT&amp;T,Deal\n1,AT&T,Deal\n"), "dups");
        Assert.True(duplicates.Succeeded, duplicates.Message);
        Assert.Equal(1, duplicates.ArticleCount);
        Assert.Equal(1, duplicates.Report.DuplicateCount);
    }
}
