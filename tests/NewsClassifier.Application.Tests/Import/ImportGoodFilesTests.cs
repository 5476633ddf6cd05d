using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Application.Tests.Import;

public sealed class ImportGoodFilesTests
{
    [Fact]
    public async Task The_real_ag_news_sample_imports_6000_articles_in_four_balanced_classes()
    {
        await using var db = await TestDatabase.CreateAsync();
        var progress = new List<ImportProgress>();
        var result = await db.Importer.ImportAsync(
            new ImportRequest(TestDatabase.SamplePath, "AG News sample", new ImportSpec(), "ag_news_sample.csv", "6,000 articles"),
            new InlineProgress<ImportProgress>(progress.Add), CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(6_000, result.ArticleCount);
        Assert.Equal(6_000, result.LabelledCount);
        Assert.Equal(0, result.Report.DuplicateCount); // the sample has no exact duplicates
        Assert.Equal(0, result.Report.ProblemCount);
        Assert.Equal(6_000, result.Report.RowsRead);
        Assert.Equal(["World", "Sports", "Business", "Sci/Tech"], result.PerClass.Select(c => c.Name));
        Assert.Equal([1_496, 1_484, 1_495, 1_525], result.PerClass.Select(c => c.Count));
        Assert.Equal(ImportPhases.Done, progress[^1].Phase);

        var dataset = await db.Catalog.GetAsync(result.DatasetId!.Value, CancellationToken.None);
        Assert.NotNull(dataset);
        Assert.Equal("ag-news-csv", dataset.Format);
        Assert.Equal(6_000, dataset.ArticleCount);
        Assert.Equal(6_000, dataset.LabelledCount);
        Assert.Equal("6,000 articles", dataset.Description);
        Assert.Equal(result.PerClass, await db.Queries.CountPerClassAsync(dataset.Id, CancellationToken.None));
        Assert.Equal(6_000, db.SearchRows());

        // Row numbers are file lines: the header is line 1, so the first article is line 2.
        var first = (await db.Queries.GetPageAsync(dataset.Id, new ArticleQuery(0, 1), CancellationToken.None)).Items.Single();
        Assert.Equal(2, first.SourceRow);
        // Entities are decoded at import; the file's text is kept next to the article.
        Assert.Equal("Benitez praises Gerrard's role", first.Title);
        Assert.Equal("Benitez praises Gerrard #39;s role", (await db.Queries.GetArticleAsync(first.Id, CancellationToken.None))!.OriginalTitle);
        Assert.Equal("Sports", first.LabelName);
    }

    [Fact]
    public async Task Ag_news_without_header_is_detected()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("train.csv",
            "\"3\",\"Wall St. Bears\",\"Reuters - Short-sellers are back.\"\n" +
            "\"4\",\"New chip\",\"A faster \"\"chip\"\" arrives.\"\n" +
            "1,Talks resume,\"Diplomats met, again\nin Geneva.\"\n");
        var preview = await db.Previewer.PreviewAsync(path, new ImportSpec(), 10, CancellationToken.None);
        Assert.Equal(ImportFormat.AgNews, preview.Format);
        Assert.False(preview.HasHeader);

        var result = await db.ImportAsync(path);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(3, result.ArticleCount);
        Assert.Equal([1, 0, 1, 1], result.PerClass.Select(c => c.Count));
        var rows = (await db.Queries.GetPageAsync(result.DatasetId!.Value, new ArticleQuery(0, 10), CancellationToken.None)).Items;
        Assert.Equal([1, 2, 3], rows.Select(r => r.SourceRow));
        Assert.Equal("A faster \"chip\" arrives.", rows[1].TextPreview);
        Assert.Equal("Diplomats met, again\nin Geneva.", rows[2].TextPreview);
    }

    [Fact]
    public async Task Kaggle_ag_news_is_detected_by_its_header()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("train.csv", "Class Index,Title,Description\n2,Cup final,Late goal wins it.\n3,Oil up,Prices rise.\n");
        var preview = await db.Previewer.PreviewAsync(path, new ImportSpec(), 10, CancellationToken.None);
        Assert.Equal(ImportFormat.Kaggle, preview.Format);
        Assert.True(preview.HasHeader);
        Assert.Equal(new ColumnMapping("Title", "Description", "Class Index"), preview.SuggestedMapping);

        var result = await db.ImportAsync(path);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([0, 1, 1, 0], result.PerClass.Select(c => c.Count));
        Assert.Equal("kaggle-ag-news-csv", (await db.Catalog.GetAsync(result.DatasetId!.Value, CancellationToken.None))!.Format);
    }

    [Fact]
    public async Task Tsv_with_header_names_labels_in_first_seen_order_and_allows_unlabelled_rows()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("news.tsv",
            "headline\tbody\tcategory\n" +
            "Rates held\tThe bank kept rates, as expected.\teconomy\n" +
            "Derby drawn\tNo goals at the derby.\tsport\n" +
            "Untagged\tNobody labelled this yet.\t\n" +
            "Budget passed\tParliament approved it.\teconomy\n");
        var preview = await db.Previewer.PreviewAsync(path, new ImportSpec(), 2, CancellationToken.None);
        Assert.Equal(ImportFormat.Tsv, preview.Format);
        Assert.True(preview.HasHeader);
        Assert.Equal(["headline", "body", "category"], preview.Columns);
        Assert.Equal(2, preview.Rows.Count);
        Assert.Equal(new ColumnMapping("headline", "body", "category"), preview.SuggestedMapping);

        var result = await db.ImportAsync(path);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(4, result.ArticleCount);
        Assert.Equal(3, result.LabelledCount);
        Assert.Equal(
            [new ClassCount(0, "economy", 2), new ClassCount(1, "sport", 1), new ClassCount(null, "Unlabeled", 1)],
            result.PerClass);
    }

    [Fact]
    public async Task Jsonl_with_an_explicit_mapping_and_label_set()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("news.jsonl",
            "{\"id\": 1, \"head\": \"Mars rover\", \"story\": \"It found ice.\", \"topic\": \"science\"}\n" +
            "\n" +
            "{\"id\": 2, \"head\": \"Final whistle\", \"story\": \"A draw.\", \"topic\": \"sport\"}\n" +
            "{\"id\": 3, \"head\": \"No topic\", \"story\": \"Unlabelled.\", \"topic\": null}\n");
        var preview = await db.Previewer.PreviewAsync(path, new ImportSpec(), 10, CancellationToken.None);
        Assert.Equal(ImportFormat.Jsonl, preview.Format);
        Assert.Equal(["id", "head", "story", "topic"], preview.Columns);
        Assert.Equal("topic", preview.SuggestedMapping.Label);

        var spec = new ImportSpec(ImportFormat.Jsonl, Mapping: new ColumnMapping("head", "story", "topic"), LabelNames: ["sport", "science"]);
        var result = await db.ImportAsync(path, spec: spec);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([new ClassCount(0, "sport", 1), new ClassCount(1, "science", 1), new ClassCount(null, "Unlabeled", 1)], result.PerClass);
        var rows = (await db.Queries.GetPageAsync(result.DatasetId!.Value, new ArticleQuery(0, 10), CancellationToken.None)).Items;
        Assert.Equal([1, 3, 4], rows.Select(r => r.SourceRow)); // JSONL rows are lines; the blank line 2 is skipped
    }

    [Fact]
    public async Task Headerless_csv_with_numbered_columns_and_text_only()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("plain.csv", "first article text here,x\nsecond article text,y\n");
        var result = await db.ImportAsync(path, spec: new ImportSpec(ImportFormat.Csv, HasHeader: false, Mapping: new ColumnMapping(null, "1", "2")));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, result.ArticleCount);
        Assert.Equal(["x", "y"], result.PerClass.Select(c => c.Name));
        var row = (await db.Queries.GetPageAsync(result.DatasetId!.Value, new ArticleQuery(0, 1), CancellationToken.None)).Items[0];
        Assert.Equal("", row.Title);
        Assert.Equal("first article text here", row.TextPreview);
    }

    [Fact]
    public async Task Headerless_generic_file_gets_a_mapping_guessed_from_content()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("guess.csv",
            "sport,Late winner,A header in the last minute decided the match after a long and even contest.\n" +
            "politics,Budget vote,Parliament approved the budget after a night of debate and many amendments.\n" +
            "sport,Record run,The sprinter broke the national record in the final of the championship meet.\n" +
            "politics,New minister,The prime minister named a new finance minister on Tuesday afternoon here.\n");
        var preview = await db.Previewer.PreviewAsync(path, new ImportSpec(), 10, CancellationToken.None);
        Assert.Equal(ImportFormat.Csv, preview.Format);
        Assert.False(preview.HasHeader);
        Assert.Equal(["1", "2", "3"], preview.Columns);
        Assert.Equal(new ColumnMapping("2", "3", "1"), preview.SuggestedMapping);
        Assert.Contains(preview.Warnings, w => w.Contains("guessed"));
        var result = await db.ImportAsync(path, spec: new ImportSpec(Mapping: preview.SuggestedMapping));
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(["sport", "politics"], result.PerClass.Select(c => c.Name));
    }

    [Fact]
    public async Task Exact_duplicates_are_skipped_and_reported_without_failing()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("dups.csv",
            "label,title,description\n" +
            "1,Same,Same text\n" +
            "2,Other,Other text\n" +
            "1,Same,Same text\n" +
            "3,Same,Same text\n");
        var result = await db.ImportAsync(path);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(2, result.ArticleCount);
        Assert.Equal(4, result.Report.RowsRead);
        Assert.Equal(2, result.Report.DuplicateCount);
        Assert.Equal([new DuplicateRow(4, 2, false), new DuplicateRow(5, 2, true)], result.Report.Duplicates);
        Assert.Contains("2 duplicates skipped", result.Message);
    }

    [Fact]
    public async Task Progress_reports_bytes_and_rows()
    {
        await using var db = await TestDatabase.CreateAsync();
        var reports = new List<ImportProgress>();
        var result = await db.Importer.ImportAsync(new ImportRequest(TestDatabase.SamplePath, "p", new ImportSpec(), "s"),
            new InlineProgress<ImportProgress>(reports.Add), CancellationToken.None);
        Assert.True(result.Succeeded);
        Assert.Equal(ImportPhases.Reading, reports[0].Phase);
        var last = reports[^1];
        Assert.Equal(6_000, last.RowsRead);
        Assert.Equal(new FileInfo(TestDatabase.SamplePath).Length, last.BytesTotal);
        Assert.Equal(last.BytesTotal, last.BytesRead);
    }

    [Fact]
    public async Task A_cancelled_import_leaves_nothing()
    {
        await using var db = await TestDatabase.CreateAsync();
        using var cancel = new CancellationTokenSource();
        // The first report comes after the dataset row is written inside the transaction.
        var progress = new InlineProgress<ImportProgress>(_ => cancel.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            db.Importer.ImportAsync(new ImportRequest(TestDatabase.SamplePath, "c", new ImportSpec(), "s"), progress, cancel.Token));
        Assert.Equal((0, 0, 0, 0), db.Counts());
    }
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the pool, which would race the asserts).</summary>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
