using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Application.Imports;
using NewsClassifier.Data;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Web.Components.Pages.Datasets;

namespace NewsClassifier.Web.Tests.Pages;

public class DatasetPagesTests : PageTestContext
{
    private const string FiveArticles =
        "1,\"Talks resume\",\"Diplomats met again in Geneva.\"\n" +
        "2,\"Cup final\",\"The home side won on penalties.\"\n" +
        "2,\"Record run\",\"A sprinter broke the national record.\"\n" +
        "3,\"Shares fall\",\"Markets slid after the rate decision.\"\n" +
        "4,\"New chip\",\"A faster processor was announced.\"\n";

    public DatasetPagesTests()
    {
        Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task The_list_shows_each_dataset_with_its_counts()
    {
        await ImportAsync("five", FiveArticles);

        var page = Render<DatasetsPage>();

        page.WaitForAssertion(() =>
        {
            var row = Assert.Single(page.FindAll("[data-testid=datasets-table] tbody tr"));
            Assert.Equal("five", row.QuerySelector("td[data-label=Name]")!.TextContent.Trim());
            Assert.Equal("5", row.QuerySelector("td[data-label=Articles]")!.TextContent.Trim());
        });
    }

    [Fact]
    public void With_no_datasets_the_list_invites_an_import()
    {
        var page = Render<DatasetsPage>();
        page.WaitForAssertion(() => Assert.Contains("No datasets yet", page.Markup));
    }

    [Fact]
    public async Task A_dataset_page_shows_counts_per_class_and_pages_its_articles()
    {
        var id = await ImportAsync("five", FiveArticles);

        var page = Render<DatasetPage>(p => p.Add(x => x.DatasetId, id));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("5", page.Find("[data-testid=article-count]").TextContent);
            var counts = page.Find("[data-testid=class-counts]").TextContent;
            Assert.Contains("World", counts);
            Assert.Contains("Sports", counts);
            Assert.Contains("40.0%", counts); // 2 of 5 articles are Sports
            Assert.Contains("Cup final", page.Find("[data-testid=articles-grid]").TextContent);
        });
    }

    [Fact]
    public void An_unknown_dataset_says_so()
    {
        var page = Render<DatasetPage>(p => p.Add(x => x.DatasetId, 999));
        page.WaitForAssertion(() => Assert.Contains("There is no dataset number 999", page.Markup));
    }

    [Fact]
    public async Task A_refused_import_shows_its_rows_and_reasons()
    {
        var report = new ImportReport(3, 2, new[] { new RowProblem(2, "label '7' is not 1-4"), new RowProblem(3, "unbalanced quote") }, 0, Array.Empty<DuplicateRow>());
        int importId;
        await using (var db = await AppServices.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync())
        {
            var import = new DatasetImport
            {
                DatasetName = "bad",
                Source = "bad.csv",
                State = ImportState.Failed,
                Message = "2 rows refused.",
                ReportJson = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
                CreatedAt = DateTime.UtcNow,
            };
            db.DatasetImports.Add(import);
            await db.SaveChangesAsync();
            importId = import.Id;
        }

        var page = Render<ImportStatusPage>(p => p.Add(x => x.ImportId, importId));

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Nothing was saved", page.Find("[data-testid=import-failed]").TextContent);
            var problems = page.Find("[data-testid=problems-table]").TextContent;
            Assert.Contains("label '7' is not 1-4", problems);
            Assert.Contains("unbalanced quote", problems);
        });
    }

    [Fact]
    public void The_import_page_offers_upload_server_path_url_and_the_AG_News_preset()
    {
        var page = Render<ImportDatasetPage>();
        foreach (var tab in new[] { "Upload a file", "Server path", "URL", "AG News preset" })
        {
            Assert.Contains(tab, page.Markup);
        }
    }
}
