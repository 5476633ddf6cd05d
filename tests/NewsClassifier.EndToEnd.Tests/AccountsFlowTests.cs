using System.Text.RegularExpressions;
using NewsClassifier.Domain.Accounts;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

public class AccountsFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_Annotator_signs_in_sees_their_areas_is_refused_training_and_signs_out()
    {
        await app.CreateUserAsync("anna", AppRoles.Annotator);

        // A wrong password first: the form says so and stays.
        var page = await app.Browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync($"{app.BaseUrl}/experiments");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Fexperiments$"));
        await page.GetByTestId("login-user").FillAsync("anna");
        await page.GetByTestId("login-password").FillAsync("not her password");
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("Wrong user name or password, or the account is locked for a while.");

        await app.SignInAsync(page, "anna", BrowserApp.Password, "/experiments");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page).ToHaveURLAsync(new Regex("/experiments$"));
        await Expect(page.GetByTestId("signed-in-name")).ToHaveTextAsync("anna");
        await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("Annotator");
        await Expect(page.GetByTestId("new-run")).ToHaveCountAsync(0);
        await Expect(page.Locator("a[href='/labeling']")).ToHaveCountAsync(1);
        await Expect(page.Locator("a[href='/admin/users']")).ToHaveCountAsync(0);

        // Typing the address of the new-run page: the server refuses it.
        await page.GotoAsync($"{app.BaseUrl}/experiments/new");
        await Expect(page).ToHaveURLAsync(new Regex("/account/access-denied"));
        await Expect(page.GetByTestId("access-denied")).ToContainTextAsync("Annotator");

        await page.GotoAsync($"{app.BaseUrl}/");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/login$"));
        await page.GotoAsync($"{app.BaseUrl}/datasets");
        await Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Fdatasets$"));
    }

    [Fact]
    public async Task An_Admin_adds_a_Scientist_on_the_users_page_who_can_then_sign_in()
    {
        var page = await app.OpenAsync("/admin/users");
        await BrowserApp.Field(page, "new-user-name").FillAsync("sci");
        // The role is a MudSelect: open it and pick the option, then check the field shows it.
        var role = page.Locator(".mud-input-control.mud-select").Filter(new() { Has = page.GetByTestId("new-user-role") });
        await role.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^{AppRoles.Scientist}$") }).ClickAsync();
        await Expect(role.Locator("input").First).ToHaveValueAsync(AppRoles.Scientist);
        await BrowserApp.Field(page, "new-user-password").FillAsync("sci's long password");
        await page.GetByTestId("create-user-button").ClickAsync();
        await Expect(page.Locator("[data-testid=user-row][data-user=sci]")).ToContainTextAsync("sci");

        var other = await app.OpenAsync("/experiments/new", "sci", "sci's long password");
        await Expect(other.GetByTestId("signed-in-role")).ToHaveTextAsync("Scientist");
        await Expect(other).ToHaveURLAsync(new Regex("/experiments/new$"));
        await Expect(other.GetByText("New training run")).ToBeVisibleAsync();
    }
}
