using System.Text.RegularExpressions;
using NewsClassifier.Application.Labeling;
using NewsClassifier.TestSupport;

namespace NewsClassifier.Web.Tests.Hosting;

/// <summary>A first visit over real HTTP: the styles load without a session (and are fingerprinted and cached), an
/// unknown address gets a real page with its 404, scoring without a production model is refused, and a chosen theme is
/// rendered by the server on the next request.</summary>
public partial class FirstVisitHttpTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    [Theory]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js", "text/javascript")]
    [InlineData("/_framework/blazor.web.js", "text/javascript")]
    public async Task Static_assets_answer_without_a_session(string path, string contentType)
    {
        var response = await app.AnonymousClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_sign_in_page_links_fingerprinted_assets_that_are_cached_for_a_year()
    {
        var client = app.AnonymousClient();
        var html = await client.GetStringAsync("/account/login");
        var links = FingerprintedLink().Matches(html).Select(m => m.Groups["href"].Value).ToList();
        Assert.Contains(links, l => Regex.IsMatch(l, @"^app\.[a-z0-9]{10}\.css$"));
        Assert.Contains(links, l => Regex.IsMatch(l, @"^_content/MudBlazor/MudBlazor\.min\.[a-z0-9]{10}\.css$"));
        Assert.Contains(links, l => Regex.IsMatch(l, @"^favicon\.[a-z0-9]{10}\.svg$"));
        foreach (var link in links)
        {
            var response = await client.GetAsync("/" + link);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        }
        // The sign-in button is MudBlazor's, so the theme styles it.
        Assert.Matches(@"<button[^>]*class=""[^""]*mud-button-filled-primary[^""]*""[^>]*data-testid=""login-submit""", html);
    }

    [Fact]
    public async Task An_unknown_page_is_a_real_page_with_status_404_and_the_api_keeps_its_own_answer()
    {
        var client = await app.ClientAsync(AppRoles.Viewer);
        var page = await client.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html);
        Assert.Contains("data-testid=\"not-found-home\"", html);
        Assert.Contains("data-testid=\"signed-in-name\"", html); // inside the app's layout, menu and all

        var api = await client.GetAsync("/api/no-such-endpoint");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("Page not found", await api.Content.ReadAsStringAsync());

        // Without a session an unknown address still asks for a sign-in first (every page needs one).
        var anonymous = await app.AnonymousClient().GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task Scoring_over_the_api_without_a_production_model_is_refused_and_nothing_is_queued()
    {
        var datasetId = await SampleData.ImportSampleAsync(app, "first-visit-scoring", rows: 20);
        var client = await app.ClientAsync(AppRoles.Scientist);
        var refused = await client.PostAsync($"/api/labeling/{datasetId}/scoring", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(ScoringLauncher.NoProductionModel, await refused.Content.ReadAsStringAsync());
        var progress = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/labeling/{datasetId}/progress");
        Assert.DoesNotContain("Queued", progress.ToString());
    }

    [Fact]
    public async Task A_chosen_dark_theme_is_rendered_by_the_server_before_the_circuit_starts()
    {
        var client = await app.ClientAsync(AppRoles.Viewer);
        var light = AppBarColor(await client.GetStringAsync("/datasets"));
        var request = new HttpRequestMessage(HttpMethod.Get, "/datasets");
        request.Headers.Add("Cookie", "nc-theme=dark");
        var dark = AppBarColor(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        Assert.NotEqual(light, dark);
        Assert.Matches(@"^(#16232f|rgba\(22,\s*35,\s*47)", dark);
    }

    private static string AppBarColor(string html) =>
        AppBarVariable().Match(html) is { Success: true } m ? m.Groups["value"].Value.Trim() : throw new Xunit.Sdk.XunitException("no theme variables in the page");

    [GeneratedRegex(@"(?:href|src)=""(?<href>[^""]+\.[a-z0-9]{10}\.(?:css|svg|js))""")]
    private static partial Regex FingerprintedLink();

    [GeneratedRegex(@"--mud-palette-appbar-background:\s*(?<value>[^;]+);")]
    private static partial Regex AppBarVariable();
}
