using System.Text;
using NewsClassifier.Application.Imports;

namespace NewsClassifier.Application.Tests.Import;

/// <summary>Every refused import reports row-level reasons and saves nothing at all.</summary>
public sealed class ImportBadFilesTests
{
    private static async Task<ImportResult> ImportRefusedAsync(TestDatabase db, string content, ImportSpec? spec = null, string name = "bad.csv")
    {
        var result = await db.ImportAsync(db.WriteFile(name, content), spec: spec);
        Assert.False(result.Succeeded);
        Assert.Null(result.DatasetId);
        Assert.Equal((0, 0, 0, 0), db.Counts());
        return result;
    }

    [Fact]
    public async Task Bad_ag_news_labels_are_row_problems_with_line_numbers()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await ImportRefusedAsync(db,
            "label,title,description\n1,Good,Fine\n0,Zero,Bad\n5,Five,Bad\nx,Letter,Bad\n2,Good too,Fine\n");
        Assert.Equal(3, result.Report.ProblemCount);
        Assert.Equal([3, 4, 5], result.Report.Problems.Select(p => p.Row));
        Assert.Contains("'0' is not one of 1-4", result.Report.Problems[0].Reason);
        Assert.Contains("'x'", result.Report.Problems[2].Reason);
        Assert.Equal(5, result.Report.RowsRead);
        Assert.Contains("3 of 5 rows", result.Message);
    }

    [Theory]
    [InlineData(10)]     // inside the sample the layout is detected from
    [InlineData(5_000)]  // far past it (about 200 KB in), found while the rows are written
    public async Task Invalid_utf8_is_refused_not_imported_as_replacement_characters(int goodRowsBefore)
    {
        await using var db = await TestDatabase.CreateAsync();
        var good = string.Concat(Enumerable.Range(0, goodRowsBefore).Select(i => $"1,Title {i},Some article text number {i}\n"));
        var bytes = Encoding.UTF8.GetBytes("label,title,description\n" + good + "2,caf").Concat(new byte[] { 0xC3, 0x28 })
            .Concat(Encoding.UTF8.GetBytes(",text\n3,After,More\n")).ToArray();
        var path = db.WriteFile("latin.csv", "");
        await File.WriteAllBytesAsync(path, bytes);
        var result = await db.ImportAsync(path);
        Assert.False(result.Succeeded);
        Assert.Equal((0, 0, 0, 0), db.Counts());
        Assert.Contains("not valid UTF-8", result.Message);
        Assert.Contains("C3", result.Message);
    }

    [Fact]
    public async Task Wrong_column_count()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await ImportRefusedAsync(db, "label,title,description\n1,A,B\n2,Title, with comma,Text\n3,Only two\n");
        Assert.Equal([new RowProblem(3, "Expected 3 columns but found 4 (an unquoted delimiter inside a field?)."), new RowProblem(4, "Expected 3 columns but found 2.")],
            result.Report.Problems);
    }

    [Fact]
    public async Task Unbalanced_quote()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await ImportRefusedAsync(db, "label,title,description\n1,A,B\n2,\"Open quote,Text\n3,C,D\n4,E,F\n");
        var problem = Assert.Single(result.Report.Problems);
        Assert.Equal(3, problem.Row);
        Assert.Contains("Unbalanced quote", problem.Reason);
    }

    [Fact]
    public async Task Text_after_a_closing_quote()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await ImportRefusedAsync(db, "label,title,description\n1,\"A\"b,B\n2,C,D\n");
        Assert.Equal(2, Assert.Single(result.Report.Problems).Row);
    }

    [Fact]
    public async Task Invalid_json_line_and_non_object()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await ImportRefusedAsync(db,
            "{\"title\": \"A\", \"text\": \"B\"}\n{\"title\": \"broken\"\n[1, 2]\n{\"title\": {\"nested\": 1}, \"text\": \"x\"}\n",
            name: "bad.jsonl");
        Assert.Equal([2, 3, 4], result.Report.Problems.Select(p => p.Row));
        Assert.StartsWith("Invalid JSON", result.Report.Problems[0].Reason);
        Assert.Contains("JSON object", result.Report.Problems[1].Reason);
        Assert.Contains("'title' is object", result.Report.Problems[2].Reason);
    }

    [Fact]
    public async Task Empty_title_and_text_and_overlong_fields()
    {
        await using var db = await TestDatabase.CreateAsync();
        var longTitle = new string('t', 1_001);
        var longText = new string('x', 100_001);
        var result = await ImportRefusedAsync(db,
            $"title,text,label\n ,  ,a\n{longTitle},ok,a\nok,{longText},a\nfine,fine,b\n");
        Assert.Equal([2, 3, 4], result.Report.Problems.Select(p => p.Row));
        Assert.Equal("Both title and text are empty.", result.Report.Problems[0].Reason);
        Assert.Contains("1,001 characters", result.Report.Problems[1].Reason);
        Assert.Contains("100,001 characters", result.Report.Problems[2].Reason);
    }

    [Fact]
    public async Task Labels_outside_a_given_label_set()
    {
        await using var db = await TestDatabase.CreateAsync();
        var result = await ImportRefusedAsync(db, "title,text,label\nA,B,sport\nC,D,weather\n",
            new ImportSpec(LabelNames: ["sport", "politics"]));
        Assert.Equal(new RowProblem(3, "Label 'weather' is not in the label set (sport, politics)."), Assert.Single(result.Report.Problems));
    }

    [Fact]
    public async Task Empty_file_and_header_only_are_clear_errors()
    {
        await using var db = await TestDatabase.CreateAsync();
        var empty = await ImportRefusedAsync(db, "", name: "empty.csv");
        Assert.Equal("The file is empty.", empty.Message);
        var blank = await ImportRefusedAsync(db, "\n\n  \n", name: "blank.csv");
        Assert.Equal("The file is empty.", blank.Message);
        var header = await ImportRefusedAsync(db, "label,title,description\n", name: "header.csv");
        Assert.Equal("The file has a header but no rows.", header.Message);
    }

    [Fact]
    public async Task Missing_file_and_unknown_column()
    {
        await using var db = await TestDatabase.CreateAsync();
        var missing = await db.ImportAsync(Path.Combine(db.Directory, "nope.csv"));
        Assert.False(missing.Succeeded);
        Assert.StartsWith("File not found", missing.Message);
        var unknown = await ImportRefusedAsync(db, "title,text\nA,B\n", new ImportSpec(Mapping: new ColumnMapping("title", "body", null)));
        Assert.Contains("'body' is not in the file", unknown.Message);
    }

    [Fact]
    public async Task A_taken_name_is_refused_and_the_first_dataset_is_untouched()
    {
        await using var db = await TestDatabase.CreateAsync();
        var path = db.WriteFile("a.csv", "label,title,description\n1,A,B\n");
        Assert.True((await db.ImportAsync(path, "News")).Succeeded);
        var again = await db.ImportAsync(path, " News ");
        Assert.False(again.Succeeded);
        Assert.Equal("A dataset named 'News' already exists; choose another name.", again.Message);
        Assert.Equal((1, 4, 1, 1), db.Counts());
    }

    [Fact]
    public async Task Preview_of_an_unreadable_file_throws_a_clear_ImportException()
    {
        await using var db = await TestDatabase.CreateAsync();
        var e = await Assert.ThrowsAsync<ImportException>(() =>
            db.Previewer.PreviewAsync(Path.Combine(db.Directory, "missing.csv"), new ImportSpec(), 5, CancellationToken.None));
        Assert.StartsWith("File not found", e.Message);
        var binary = Path.Combine(db.Directory, "x.bin");
        await File.WriteAllBytesAsync(binary, [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x01]);
        e = await Assert.ThrowsAsync<ImportException>(() => db.Previewer.PreviewAsync(binary, new ImportSpec(), 5, CancellationToken.None));
        Assert.Contains("binary", e.Message);
    }
}
