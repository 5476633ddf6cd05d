using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

public class DatasetImportFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_AG_News_sample_uploaded_in_the_browser_becomes_a_dataset_of_6000_articles()
    {
        var sample = BrowserApp.SharedData("ag_news", "ag_news_sample.csv");
        Assert.True(File.Exists(sample), $"missing test data: {sample}");

        var page = await app.OpenAsync("/datasets/import");
        await page.Locator("input[type=file]").SetInputFilesAsync(sample);

        // The preview recognises the AG News layout.
        await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("preview-table")).ToContainTextAsync("description");

        var name = page.Locator("input[data-testid=dataset-name], [data-testid=dataset-name] input").First;
        await name.FillAsync("ag-news-sample");
        await page.GetByTestId("start-import").ClickAsync();

        // The import page follows the job live, then links to the dataset.
        await Expect(page.GetByTestId("import-succeeded")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.GetByTestId("open-dataset").ClickAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);

        await Expect(page.GetByTestId("dataset-title")).ToHaveTextAsync("ag-news-sample");
        await Expect(page.GetByTestId("article-count")).ToHaveTextAsync("6,000");
        var counts = page.GetByTestId("class-counts");
        foreach (var label in new[] { "World", "Sports", "Business", "Sci/Tech" })
        {
            await Expect(counts).ToContainTextAsync(label);
        }
        // The grid pages through the articles on the server.
        await Expect(page.GetByTestId("articles-grid").Locator("tbody tr")).ToHaveCountAsync(25);
    }

    [Fact]
    public async Task A_malformed_file_is_refused_with_row_numbers_and_no_dataset_is_created()
    {
        var bad = Path.Combine(app.DataDirectory, "bad.csv");
        await File.WriteAllTextAsync(bad, "1,\"Fine title\",\"Fine text\"\n7,\"Bad label\",\"Text\"\n2,\"Unbalanced,\"quote\n");

        var page = await app.OpenAsync("/datasets/import");
        await page.Locator("input[type=file]").SetInputFilesAsync(bad);
        await Expect(page.GetByTestId("preview")).ToBeVisibleAsync();
        var name = page.Locator("input[data-testid=dataset-name], [data-testid=dataset-name] input").First;
        await name.FillAsync("bad-file");
        await page.GetByTestId("start-import").ClickAsync();

        await Expect(page.GetByTestId("import-failed")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("problems-table")).ToContainTextAsync("2");

        var list = await app.OpenAsync("/datasets");
        await Expect(list.GetByTestId("datasets-table").GetByText("bad-file")).ToHaveCountAsync(0);
    }
}
