using NewsClassifier.Application.Imports;

namespace NewsClassifier.Application.Tests.Import;

public sealed class ImportPreviewCheckTests
{
    [Fact]
    public async Task The_preview_flags_exactly_the_rows_the_import_refuses_with_the_same_reasons()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("mixed.csv",
            "label,title,description\n1,Fine title,Fine text\n7,Bad label,Text\n2,,\n3,\"Unbalanced,\"quote\n4,Also fine,Text\n");
        var preview = await db.Previewer.PreviewAsync(path, new ImportSpec(), 10, CancellationToken.None);
        var import = await db.ImportAsync(path);

        Assert.False(import.Succeeded);
        var flagged = preview.Rows.Where(r => r.IsRefused).Select(r => new RowProblem(r.Row, r.Problem!)).ToList();
        Assert.Equal(import.Report.Problems, flagged);
        Assert.Equal(import.Report.Problems, preview.Check.Problems);
        Assert.Equal(3, preview.Check.RefusedCount);
        Assert.True(preview.Check.WholeFile);
        Assert.Null(preview.Check.Blocked); // two rows are valid: Start stays, and the import lists every bad row
        Assert.Equal([2, 3, 4, 5], preview.Rows.Take(4).Select(r => r.Row));
        Assert.Contains("is not one of 1-4", preview.Rows[1].Problem);
        Assert.Equal("Both title and text are empty.", preview.Rows[2].Problem);
    }

    [Fact]
    public async Task A_file_with_no_valid_row_blocks_the_start_with_the_reason()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("allbad.csv", "label,title,description\n7,Bad,Text\n0,Worse,Text\n");
        var preview = await db.Previewer.PreviewAsync(path, new ImportSpec(), 10, CancellationToken.None);
        Assert.Equal(2, preview.Check.RefusedCount);
        Assert.Equal("None of the file's 2 rows can be imported: every row is refused (reasons in the table).", preview.Check.Blocked);

        // Ignoring the labels makes the same rows importable: the check follows the options.
        var ignoring = await db.Previewer.PreviewAsync(path, new ImportSpec(FileLabels: FileLabelUse.Ignore), 10, CancellationToken.None);
        Assert.Null(ignoring.Check.Blocked);
        Assert.Equal(2, ignoring.Check.ValidCount);
    }

    [Fact]
    public async Task The_preview_checks_with_the_chosen_mapping_and_shows_cleaned_text()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("g.csv", "headline,body,topic\nGerrard #39;s goal,A late  #36;3 winner.,sport\n,,politics\n");
        var preview = await db.Previewer.PreviewAsync(path, new ImportSpec(Format: ImportFormat.Csv, Mapping: new ColumnMapping("headline", "body", "topic")), 10, CancellationToken.None);
        Assert.Equal(["Gerrard's goal", "A late $3 winner.", "sport"], preview.Rows[0].Cells);
        Assert.True(preview.Rows[0].Cleaned);
        Assert.Equal(1, preview.Check.CleanedCount);
        Assert.Equal("Both title and text are empty.", preview.Rows[1].Problem);
        Assert.Equal(["sport"], preview.Check.LabelNames); // a refused row adds no label, as in the import

        var raw = await db.Previewer.PreviewAsync(path, new ImportSpec(Format: ImportFormat.Csv, Mapping: new ColumnMapping("headline", "body", "topic"), CleanText: false), 10, CancellationToken.None);
        Assert.Equal("Gerrard #39;s goal", raw.Rows[0].Cells[0]);

        var noColumns = await db.Previewer.PreviewAsync(path, new ImportSpec(Format: ImportFormat.Csv, Mapping: new ColumnMapping(null, null, "topic")), 10, CancellationToken.None);
        Assert.Equal("Choose the column that holds the title or the text (at least one).", noColumns.Check.Blocked);
    }

    [Fact]
    public async Task A_markdown_readme_is_refused_as_what_it_is_by_the_preview_and_the_import()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("README.md",
            "# NewsClassifier\n\nA Blazor app that trains news classifiers, with TorchSharp.\n\n## Install\n\n- Install .NET 10, then run it.\n" +
            "- Open http://localhost:5000 and sign in.\n\n```bash\ndotnet run --project src/NewsClassifier.Web\n```\n\nSee [the docs](docs/index.md), or ask.\n");
        var e = await Assert.ThrowsAsync<ImportException>(() => db.Previewer.PreviewAsync(path, new ImportSpec(), 10, CancellationToken.None));
        Assert.StartsWith("This looks like a Markdown document (headings, lists, code blocks, links), not a CSV, TSV or JSON lines file", e.Message);

        var result = await db.ImportAsync(path);
        Assert.False(result.Succeeded);
        Assert.Equal(e.Message, result.Message);
        Assert.Equal((0, 0, 0, 0), db.Counts());
    }

    [Theory]
    [InlineData("page.csv", "<!DOCTYPE html>\n<html><body>Sign in</body></html>\n", "The file is an HTML page")]
    [InlineData("data.json", "[\n  {\"title\": \"A\", \"text\": \"B\"}\n]\n", "The file is one JSON document")]
    public async Task Other_documents_are_named_too(string name, string content, string start)
    {
        await using var db = await TestDatabase.CreateAsync();
        var e = await Assert.ThrowsAsync<ImportException>(() => db.Previewer.PreviewAsync(db.WriteFile(name, content), new ImportSpec(), 10, CancellationToken.None));
        Assert.StartsWith(start, e.Message);
    }

    [Fact]
    public async Task A_csv_whose_text_looks_like_markdown_is_still_a_csv()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("notes.csv", "title,text\n# Heading,- a list item\n## Another,See [x](http://y)\n");
        var preview = await db.Previewer.PreviewAsync(path, new ImportSpec(), 10, CancellationToken.None);
        Assert.Equal(ImportFormat.Csv, preview.Format);
        Assert.Equal(2, preview.Check.ValidCount);
    }

    [Fact]
    public async Task The_ag_news_sample_preview_checks_its_first_thousand_rows()
    {
        await using var db = await TestDatabase.CreateAsync();
        var preview = await db.Previewer.PreviewAsync(TestDatabase.SamplePath, new ImportSpec(), 10, CancellationToken.None);
        Assert.Equal(ImportPreviewer.MaxCheckedRows, preview.Check.RowsChecked);
        Assert.False(preview.Check.WholeFile);
        Assert.Equal(0, preview.Check.RefusedCount);
        Assert.True(preview.Check.CleanedCount > 100, $"{preview.Check.CleanedCount} cleaned");
        Assert.Equal("Benitez praises Gerrard's role", preview.Rows[0].Cells[1]);
    }
}
