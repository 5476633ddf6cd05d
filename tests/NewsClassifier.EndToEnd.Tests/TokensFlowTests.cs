using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using NewsClassifier.Domain.Accounts;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>A Scientist creates a personal access token on the tokens page, reads its secret from the page, calls the
/// API with it from outside the browser, revokes it on the page and is refused; an Admin sees it on the all-tokens page.
/// Screenshots of both pages at 1440x900 go to a temp folder.</summary>
public class TokensFlowTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private static readonly string Shots = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nc-tokens-screenshots")).FullName;

    [Fact]
    public async Task A_token_made_on_the_page_calls_the_API_until_it_is_revoked_there()
    {
        await app.CreateUserAsync("tess", AppRoles.Scientist);
        var page = await app.OpenAsync("/account/tokens", "tess");
        await page.SetViewportSizeAsync(1440, 900);
        await Expect(page.GetByTestId("no-tokens")).ToBeVisibleAsync();
        await BrowserApp.Field(page, "token-name").FillAsync("CMS import");
        var expiry = page.Locator(".mud-input-control.mud-select").Filter(new() { Has = page.GetByTestId("token-expiry") });
        await expiry.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^In 30 days$") }).ClickAsync();
        var role = page.Locator(".mud-input-control.mud-select").Filter(new() { Has = page.GetByTestId("token-role") });
        await role.ClickAsync();
        // A Scientist may narrow the token, never widen it.
        await Expect(page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^{AppRoles.Admin}$") })).ToHaveCountAsync(0);
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^{AppRoles.Annotator}$") }).ClickAsync();
        await page.GetByTestId("create-token-button").ClickAsync();

        await Expect(page.GetByTestId("new-token")).ToContainTextAsync("you will not see it again");
        var secret = await BrowserApp.Field(page, "new-token-value").InputValueAsync();
        Assert.Matches("^nct_[0-9]+_[A-Za-z0-9_-]{43}$", secret);
        var row = page.GetByTestId("token-row");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("CMS import");
        await Expect(row).ToContainTextAsync(AppRoles.Annotator);
        await Expect(row).ToContainTextAsync(secret[..(secret.IndexOf('_', 4) + 5)]);
        await Expect(row.GetByTestId("token-state")).ToHaveTextAsync("active");
        await ShootAsync(page, "account-tokens-created.png");

        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using (var ok = await api.GetAsync("/api/runs"))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // The Admin sees it beside its user.
        var admin = await app.OpenAsync("/admin/tokens");
        await admin.SetViewportSizeAsync(1440, 900);
        await Expect(admin.Locator($"[data-testid=token-row][data-token-id='{secret.Split('_')[1]}']")).ToContainTextAsync("tess");
        await ShootAsync(admin, "admin-tokens.png");

        await page.GetByTestId("dismiss-token").ClickAsync();
        await Expect(page.GetByTestId("new-token")).ToHaveCountAsync(0);
        await page.GetByTestId("revoke-token").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(row.GetByTestId("token-state")).ToHaveTextAsync("revoked");
        await Expect(row).ToContainTextAsync("by tess");
        await ShootAsync(page, "account-tokens-revoked.png");

        using var refused = await api.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", await refused.Content.ReadAsStringAsync());
    }

    private async Task ShootAsync(Microsoft.Playwright.IPage page, string name)
    {
        var path = Path.Combine(Shots, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true, Style = ".mud-snackbar { visibility: hidden !important; }" });
        output.WriteLine($"Screenshot: {path}");
    }
}
