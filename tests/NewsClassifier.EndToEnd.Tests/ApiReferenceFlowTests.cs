using Microsoft.Playwright;
using Xunit.Abstractions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>The API reference page (Scalar) in a real browser: after sign-in it loads from the app alone (its script is
/// the package's embedded copy; the machine has no network, so any outside request would fail) and lists the classify
/// operations from /openapi/v1.json. A screenshot at 1440x900 goes to a temp folder (printed in the test output).</summary>
public class ApiReferenceFlowTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private static readonly string Shots = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nc-api-reference-screenshots")).FullName;

    [Fact]
    public async Task The_reference_page_loads_from_the_app_alone_and_lists_the_classify_operations()
    {
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        var failed = new List<string>();
        var outside = new List<string>();
        page.Response += (_, response) => { if (response.Status >= 400) failed.Add($"{response.Status} {response.Url}"); };
        page.RequestFailed += (_, request) => failed.Add($"failed {request.Url}: {request.Failure}");
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(app.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) outside.Add(request.Url);
        };

        await app.SignInAsync(page, BrowserApp.AdminUser, BrowserApp.Password, "/scalar/v1");
        Assert.EndsWith("/scalar/v1", page.Url);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(await page.GetByText("NewsClassifier API").First.IsVisibleAsync());
        await Shot(page, "api-reference.png");

        // The Classify group lists the three machine endpoints with their summaries.
        await page.GetByText("Classify", new() { Exact = true }).First.ClickAsync();
        await page.GetByText("Classify many articles with one model").First.WaitForAsync();
        await page.GetByText("Classify in the Hugging Face inference shape").First.WaitForAsync();
        await page.GetByText("Classify many articles with one model").Last.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Shot(page, "api-reference-batch.png");
        Assert.Empty(outside);
        Assert.Empty(failed);
    }

    private async Task Shot(IPage page, string name)
    {
        var path = Path.Combine(Shots, name);
        await page.ScreenshotAsync(new() { Path = path });
        output.WriteLine($"Screenshot: {path}");
    }
}
