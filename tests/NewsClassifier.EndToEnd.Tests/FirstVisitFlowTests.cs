using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>What a newcomer sees first, in a real browser: the sign-in page styled without a session, the overview
/// empty and then with a production model, Jobs, the not-found page and a theme that survives a reload. Screenshots at
/// 1440x900 go to a temp folder (printed in the test output).</summary>
public class FirstVisitFlowTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private static readonly string Shots = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nc-firstvisit-screenshots")).FullName;

    [Fact]
    public async Task The_sign_in_page_is_styled_by_MudBlazor_and_the_theme_in_a_fresh_browser_context()
    {
        // A fresh context: no cookie, no cache. Every style the page needs must come without a session.
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        var failed = new List<string>();
        page.Response += (_, response) => { if (response.Status >= 300) failed.Add($"{response.Status} {response.Url}"); };
        await page.GotoAsync($"{app.BaseUrl}/account/login");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(failed);

        var button = page.GetByTestId("login-submit");
        // The theme's primary (#1f4e79) through MudBlazor's filled-button rule, and the theme's font, not the browser's.
        Assert.Equal("rgb(31, 78, 121)", await button.EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));
        Assert.Contains("Roboto", await button.EvaluateAsync<string>("b => getComputedStyle(b).fontFamily"));
        Assert.Equal("uppercase", await button.EvaluateAsync<string>("b => getComputedStyle(b).textTransform"));
        Assert.Equal("flex", await page.Locator(".account-page").EvaluateAsync<string>("e => getComputedStyle(e).display"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "sign-in.png") });

        // The stylesheet itself answers 200 without a cookie (plain and fingerprinted).
        var api = context.APIRequest;
        Assert.Equal(200, (await api.GetAsync($"{app.BaseUrl}/app.css")).Status);
        var fingerprinted = await page.Locator("link[rel=stylesheet][href^='app.']").GetAttributeAsync("href");
        Assert.Matches(@"^app\.[a-z0-9]{10}\.css$", fingerprinted);
        var cached = await api.GetAsync($"{app.BaseUrl}/{fingerprinted}");
        Assert.Equal(200, cached.Status);
        Assert.Equal("max-age=31536000, immutable", cached.Headers["cache-control"]);

        // Setup (closed here: an Admin exists) uses the same layout and styles.
        await page.GotoAsync($"{app.BaseUrl}/account/setup?token=stale");
        await Expect(page.GetByTestId("setup-closed")).ToBeVisibleAsync();
        Assert.Equal("rgb(31, 78, 121)", await page.Locator(".account-brand").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, "setup.png") });
        output.WriteLine($"Screenshots in {Shots}");
    }

    [Fact]
    public async Task A_newcomer_goes_from_an_empty_overview_to_one_with_a_production_model()
    {
        var page = await app.OpenAsync("/");
        await page.SetViewportSizeAsync(1440, 900);
        await Expect(page.GetByTestId("getting-started")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("cta-import")).ToHaveAttributeAsync("href", "/datasets/import");
        await ScreenshotAsync(page, "overview-empty.png");

        // Data, a trained baseline, registered and promoted: what a first afternoon leaves.
        var datasetId = await ImportThroughTheLauncherAsync("first-visit", 600);
        var runId = await TrainBaselineAsync(datasetId);
        using (var scope = app.Services.CreateScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
            await registry.RegisterAsync(runId, "news-topics", BrowserApp.AdminUser, CancellationToken.None);
            await registry.SetAliasAsync("news-topics", ModelAlias.Production, 1, BrowserApp.AdminUser, "first model", CancellationToken.None);
        }
        await page.ReloadAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("production-accuracy")).ToHaveTextAsync(new Regex(@"^\d{1,3}\.\d%$"));
        await Expect(page.GetByTestId("production-link")).ToContainTextAsync("news-topics v1");
        await Expect(page.GetByTestId("overview-run")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("overview-import")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "overview.png");

        // Jobs shows the training run as well as the import.
        await page.GotoAsync($"{app.BaseUrl}/jobs");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("activity-kind").Filter(new() { HasText = "Training" })).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("activity-kind").Filter(new() { HasText = "Import" })).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("activity-link").Filter(new() { HasText = "tfidf-baseline" })).ToHaveAttributeAsync("href", $"/experiments/{runId}");
        await ScreenshotAsync(page, "jobs.png");

        // An unknown address: the not-found page in the layout, with its 404 and a way back.
        var response = await page.GotoAsync($"{app.BaseUrl}/no/such/page");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByTestId("not-found")).ToContainTextAsync("Page not found");
        await Expect(page.GetByTestId("signed-in-name")).ToHaveTextAsync(BrowserApp.AdminUser);
        await ScreenshotAsync(page, "not-found.png");
        await page.GetByTestId("not-found-home").ClickAsync();
        await Expect(page.GetByTestId("production-link")).ToBeVisibleAsync();

        await page.GotoAsync($"{app.BaseUrl}/admin/users");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("user-row")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "users.png");
        output.WriteLine($"Screenshots in {Shots}");
    }

    [Fact]
    public async Task A_dark_theme_chosen_once_is_there_at_the_next_load_before_the_circuit_starts()
    {
        var page = await app.OpenAsync("/datasets");
        await page.SetViewportSizeAsync(1440, 900);
        var light = await AppBarColorAsync(page);
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(page.Locator(".mud-appbar")).Not.ToHaveCSSAsync("background-color", light);
        var dark = await AppBarColorAsync(page);

        // The server renders the chosen theme: the first HTML of the next load already carries it.
        var html = await (await page.Context.APIRequest.GetAsync($"{app.BaseUrl}/datasets")).TextAsync();
        Assert.Matches(@"--mud-palette-appbar-background:\s*(#16232f|rgba\(22,\s*35,\s*47)", html);
        await page.ReloadAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        // Once the circuit runs the choice still holds (the browser's own preference here is light).
        await Expect(page.Locator(".mud-appbar")).ToHaveCSSAsync("background-color", dark);

        // Back to light, remembered the same way.
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(page.Locator(".mud-appbar")).ToHaveCSSAsync("background-color", light);
        await page.ReloadAsync();
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.Locator(".mud-appbar")).ToHaveCSSAsync("background-color", light);
    }

    /// <summary>An upload of the sample's first rows queued like the import page queues it (so it has its import row).</summary>
    private async Task<int> ImportThroughTheLauncherAsync(string name, int rows)
    {
        using var scope = app.Services.CreateScope();
        var launcher = scope.ServiceProvider.GetRequiredService<ImportLauncher>();
        var csv = string.Join('\n', File.ReadLines(BrowserApp.SharedData("ag_news", "ag_news_sample.csv")).Take(rows + 1)) + "\n";
        var staged = await launcher.StageUploadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), $"{name}.csv", CancellationToken.None);
        await launcher.SubmitAsync(new ImportSubmission(name, ImportSourceKind.Upload, $"{name}.csv", new ImportSpec(), staged), CancellationToken.None);
        var catalog = scope.ServiceProvider.GetRequiredService<DatasetCatalog>();
        for (int i = 0; i < 1200; i++)
        {
            if (await catalog.FindByNameAsync(name, CancellationToken.None) is { } dataset) return dataset.Id;
            await Task.Delay(100);
        }
        throw new TimeoutException($"the import of {name} did not finish in 120 s");
    }

    private static Task<string> AppBarColorAsync(IPage page) =>
        page.Locator(".mud-appbar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");

    private async Task<int> TrainBaselineAsync(int datasetId)
    {
        int id;
        using (var scope = app.Services.CreateScope())
            id = await scope.ServiceProvider.GetRequiredService<RunLauncher>()
                .SubmitAsync(new TrainingRequest(datasetId, "tfidf-baseline", new Dictionary<string, string>(), BrowserApp.AdminUser), CancellationToken.None);
        for (int i = 0; i < 1200; i++)
        {
            using var scope = app.Services.CreateScope();
            var run = await scope.ServiceProvider.GetRequiredService<RunQueries>().GetRunAsync(id, CancellationToken.None);
            if (run is { IsFinished: true })
            {
                Assert.True(run.State == RunState.Succeeded, $"baseline run {id} ended {run.State}: {run.Error}");
                return id;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"baseline run {id} did not finish in 120 s");
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Shots, name), Style = ".mud-snackbar { visibility: hidden !important; }" });
}
