using NewsClassifier.Application.Accounts;
using NewsClassifier.Cli;
using NewsClassifier.Web.Accounts;

namespace NewsClassifier.Web.Tests.Accounts;

/// <summary>A fresh installation: no users, no default password. The first Admin comes from the one-time setup link
/// (logged at start) or from the CLI's <c>users add</c>.</summary>
public class FirstAdminSetupTests
{
    [Fact]
    public async Task The_setup_link_creates_the_first_Admin_once_and_is_refused_afterwards()
    {
        using var app = new NewsAppFactory();
        using var client = app.AnonymousClient();
        var token = await app.Services.GetRequiredService<FirstAdminSetup>().OpenAsync();
        Assert.NotNull(token);

        Assert.Contains("data-testid=\"setup-closed\"", await client.GetStringAsync("/account/setup?token=not-the-token"));
        // A wrong token gets no form at all (400 for the post), and nobody is created.
        Assert.Equal(HttpStatusCode.BadRequest, (await SubmitAsync(client, "not-the-token", "mallory")).StatusCode);
        Assert.Empty(await app.Services.GetRequiredService<UserAdministration>().ListAsync());

        var created = await SubmitAsync(client, token!, "first-admin");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/", new Uri(client.BaseAddress!, created.Headers.Location!).PathAndQuery);
        // Signed in straight away, as an Admin.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
        var admin = Assert.Single(await app.Services.GetRequiredService<UserAdministration>().ListAsync());
        Assert.Equal(("first-admin", AppRoles.Admin), (admin.UserName, admin.Role));

        // The same link again: closed, and nothing is created.
        using var other = app.AnonymousClient();
        Assert.Contains("data-testid=\"setup-closed\"", await other.GetStringAsync($"/account/setup?token={token}"));
        Assert.NotEqual(HttpStatusCode.Redirect, (await SubmitAsync(other, token!, "second-admin")).StatusCode);
        Assert.Single(await app.Services.GetRequiredService<UserAdministration>().ListAsync());
        Assert.Null(await app.Services.GetRequiredService<FirstAdminSetup>().OpenAsync());
    }

    [Fact]
    public async Task An_Admin_added_with_the_cli_signs_in_with_the_password_from_stdin_and_closes_setup()
    {
        using var app = new NewsAppFactory();
        using var client = app.AnonymousClient();
        Assert.NotNull(await app.Services.GetRequiredService<FirstAdminSetup>().OpenAsync());

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(["users", "add", "ops", "--role", "admin", "--password-stdin"], output, error,
            new Dictionary<string, string?> { ["Storage:DataDirectory"] = app.DataDirectory }, input: new StringReader("a long cli pass phrase\n"));
        Assert.True(exit == 0, error.ToString());
        Assert.Contains("Created ops (Admin).", output.ToString());

        var signedIn = await NewsAppFactory.SignInAsync(client, "ops", "a long cli pass phrase");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
        Assert.Null(await app.Services.GetRequiredService<FirstAdminSetup>().OpenAsync());
    }

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string token, string userName)
    {
        var path = $"/account/setup?token={Uri.EscapeDataString(token)}";
        // Any of the app's forms gives a valid token (a closed setup page has no form).
        var antiforgery = await NewsAppFactory.AntiforgeryTokenAsync(client, "/account/login");
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["_handler"] = "setup",
            ["Input.Token"] = token,
            ["Input.UserName"] = userName,
            ["Input.Password"] = NewsAppFactory.Password,
            ["Input.Confirm"] = NewsAppFactory.Password,
        }));
    }
}
