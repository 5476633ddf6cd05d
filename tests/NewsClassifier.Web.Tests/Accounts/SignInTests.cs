using NewsClassifier.Application.Runs;

namespace NewsClassifier.Web.Tests.Accounts;

/// <summary>The sign-in form, sign-out, and the server refusing what a role may not do, over real HTTP.</summary>
public class SignInTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    private const string Refusal = "Wrong user name or password, or the account is locked for a while.";

    [Fact]
    public async Task An_Annotator_cannot_start_a_training_run_through_the_api()
    {
        var datasetId = await NewsClassifier.TestSupport.SampleData.ImportSampleAsync(app, "annotator-sample", rows: 40);
        foreach (var role in new[] { AppRoles.Annotator, AppRoles.Viewer })
        {
            using var client = await app.ClientAsync(role);
            var response = await client.PostAsJsonAsync("/api/runs", new { datasetId, recipe = "custom", parameters = NewsClassifier.TestSupport.SampleData.TinyModel });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            // Reading stays allowed.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
        }
        using var scope = app.Services.CreateScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<RunQueries>().ListAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_clear_error()
    {
        await app.CreateUserAsync("wrong-pw", AppRoles.Viewer);
        using var client = app.AnonymousClient();

        var wrong = await NewsAppFactory.SignInAsync(client, "wrong-pw", "not the password at all");
        var unknown = await NewsAppFactory.SignInAsync(client, "nobody-here", "not the password at all");

        foreach (var response in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(Refusal, await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task Repeated_failures_lock_that_address_out_of_the_user_but_not_the_account()
    {
        await app.CreateUserAsync("lock-me", AppRoles.Admin);
        using var attacker = app.ClientFrom(IPAddress.Parse("203.0.113.7"));
        for (int i = 0; i < 5; i++) await NewsAppFactory.SignInAsync(attacker, "lock-me", $"guess number {i}");

        // From the attacker's address even the right password is refused, with the same words as a wrong one.
        var right = await NewsAppFactory.SignInAsync(attacker, "lock-me", NewsAppFactory.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(Refusal, await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("/api/runs")).StatusCode);

        // The Admin is not locked out: the account has no lockout, and from their own address they sign in.
        var user = await app.Services.GetRequiredService<NewsClassifier.Application.Accounts.UserAdministration>().FindAsync("lock-me");
        Assert.False(user!.IsLockedOut(DateTimeOffset.UtcNow));
        using var owner = app.ClientFrom(IPAddress.Parse("198.51.100.20"));
        Assert.Equal(HttpStatusCode.Redirect, (await NewsAppFactory.SignInAsync(owner, "lock-me", NewsAppFactory.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task An_account_an_Admin_locked_gets_the_same_words_as_a_wrong_password()
    {
        await app.CreateUserAsync("admin-locked", AppRoles.Viewer);
        await app.Services.GetRequiredService<NewsClassifier.Application.Accounts.UserAdministration>().SetLockedAsync("admin-locked", true, actingUser: null);
        using var client = app.AnonymousClient();

        var response = await NewsAppFactory.SignInAsync(client, "admin-locked", NewsAppFactory.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Refusal, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/runs")).StatusCode);
    }

    [Theory]
    [InlineData("/experiments?view=table", "/experiments?view=table")]
    [InlineData("https://evil.example/phish", "/")]
    [InlineData("//evil.example/phish", "/")]
    [InlineData("/\\evil.example/phish", "/")]
    public async Task After_sign_in_only_a_local_return_url_is_followed(string returnUrl, string expected)
    {
        await app.CreateUserAsync("returner", AppRoles.Viewer);
        using var client = app.AnonymousClient();

        var response = await NewsAppFactory.SignInAsync(client, "returner", NewsAppFactory.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(client.BaseAddress!, response.Headers.Location!);
        Assert.Equal(client.BaseAddress!.Authority, location.Authority);
        Assert.Equal(expected, location.PathAndQuery);
    }

    [Fact]
    public async Task Anonymous_pages_redirect_to_sign_in_with_the_return_url_and_apis_answer_401()
    {
        using var client = app.AnonymousClient();
        var page = await client.GetAsync("/experiments/new");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fexperiments%2Fnew", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_post_without_its_antiforgery_token()
    {
        await app.CreateUserAsync("no-token", AppRoles.Viewer);
        using var client = app.AnonymousClient();
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.UserName"] = "no-token", ["Input.Password"] = NewsAppFactory.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_is_a_post_with_a_token_and_ends_the_session()
    {
        using var client = await app.ClientAsync(AppRoles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
        // A link (GET) cannot sign anyone out: only the form post can.
        (await client.GetAsync("/account/logout")).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);

        var token = await NewsAppFactory.AntiforgeryTokenAsync(client, "/");
        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task The_hangfire_dashboard_opens_for_an_Admin_only()
    {
        using var admin = await app.ClientAsync(AppRoles.Admin);
        using var scientist = await app.ClientAsync(AppRoles.Scientist);
        var ok = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("NewsClassifier jobs", await ok.Content.ReadAsStringAsync());
        var refused = await scientist.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/access-denied", refused.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_navigation_shows_the_user_and_only_the_areas_of_the_role()
    {
        using var viewer = await app.ClientAsync(AppRoles.Viewer);
        var html = await viewer.GetStringAsync("/");
        Assert.Contains("data-testid=\"signed-in-name\">viewer<", html);
        Assert.Contains(">Viewer<", html);
        Assert.DoesNotContain("href=\"/experiments/new\"", html);
        Assert.DoesNotContain("href=\"/admin/users\"", html);
        Assert.DoesNotContain("href=\"/labeling\"", html);
        Assert.Contains("href=\"/classify\"", html);

        using var admin = await app.ClientAsync(AppRoles.Admin);
        Assert.Contains("href=\"/admin/users\"", await admin.GetStringAsync("/"));
    }
}
