using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using NewsClassifier.Application.Accounts;

namespace NewsClassifier.Web.Tests;

/// <summary>The real app (real SQLite file, real Hangfire server, real libtorch) on a fresh data
/// directory, with the repository root as content root like `dotnet run`. Clients sign in through the real
/// sign-in form (<see cref="ClientAsync"/>); <see cref="WebApplicationFactory{T}.CreateClient()"/> stays anonymous.</summary>
public sealed partial class NewsAppFactory : WebApplicationFactory<Program>, NewsClassifier.TestSupport.ITestApp
{
    /// <summary>The password test users get (long enough for the default rule).</summary>
    public const string Password = "correct horse battery staple";

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("nc-web-").FullName;

    public static string RepositoryRoot => NewsClassifier.TestSupport.SampleData.RepositoryRoot;

    /// <summary>Extra configuration (e.g. tight rate limits) for a test class's own instance; set before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(RepositoryRoot);
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Import:ServerPathRoots:0", DataDirectory);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>Creates <paramref name="userName"/> with <paramref name="role"/> through the app's own account service
    /// (unless it exists).</summary>
    public async Task CreateUserAsync(string userName, string role, string password = Password, bool canReview = false)
    {
        var users = Services.GetRequiredService<UserAdministration>();
        if (await users.FindAsync(userName) is null) await users.CreateAsync(userName, role, password);
        if (canReview) await users.SetCanReviewAsync(userName, true, actingUser: null);
    }

    /// <summary>The default user of a role: "admin", "scientist", "annotator", "viewer".</summary>
    public static string UserOf(string role) => role.ToLowerInvariant();

    /// <summary>A client signed in as the default user of <paramref name="role"/> (created when missing), cookies kept,
    /// redirects not followed (tests see 302s). It sends the header the API wants on cookie-authenticated writes
    /// (<see cref="NewsClassifier.Web.Accounts.CookieWriteHeader"/>), as a script using the API would.</summary>
    public async Task<HttpClient> ClientAsync(string role = AppRoles.Admin)
    {
        await CreateUserAsync(UserOf(role), role);
        var client = AnonymousClient();
        var response = await SignInAsync(client, UserOf(role), Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {UserOf(role)} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        client.DefaultRequestHeaders.Add(NewsClassifier.Web.Accounts.CookieWriteHeader.HeaderName, NewsClassifier.Web.Accounts.CookieWriteHeader.HeaderValue);
        return client;
    }

    /// <summary>A client that keeps no cookies and sends a fresh personal access token of <paramref name="userName"/>
    /// (created through the app's token service) as <c>Authorization: Bearer</c>, as a script would.</summary>
    public async Task<(HttpClient Client, NewsClassifier.Application.Accounts.Tokens.NewApiToken Token)> TokenClientAsync(string userName, string? tokenRole = null, int? expiresDays = null)
    {
        var token = await Services.GetRequiredService<NewsClassifier.Application.Accounts.Tokens.ApiTokens>().CreateAsync(userName, "test script", expiresDays, tokenRole);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        return (client, token);
    }

    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Like <see cref="AnonymousClient"/>, but its requests arrive from <paramref name="address"/> (the in-memory
    /// server has no client address of its own): per-address limits and proxy headers can be tested. Without
    /// <paramref name="cookies"/> the test handles cookies itself (a Secure cookie is never sent back over http://).</summary>
    public HttpClient ClientFrom(IPAddress address, bool cookies = true)
    {
        var server = Server.CreateHandler(context => context.Connection.RemoteIpAddress = address);
        var handler = cookies ? new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler { InnerHandler = server } : server;
        return new HttpClient(handler) { BaseAddress = ClientOptions.BaseAddress };
    }

    /// <summary>Signs in through the sign-in form as a browser does: GET the page (antiforgery cookie and token), POST the
    /// form. Success is a 302 to the return URL; a refusal is the page again (200) with the error.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password, string? returnUrl = null)
    {
        var path = "/account/login" + (returnUrl is null ? "" : $"?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        var token = await AntiforgeryTokenAsync(client, path);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>The antiforgery token of the form on <paramref name="path"/> (its cookie lands in the client).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return AntiforgeryField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on {path}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try { Directory.Delete(DataDirectory, recursive: true); }
            catch (IOException) { /* SQLite may still hold the WAL file for a moment; the OS temp cleaner takes it. */ }
        }
    }
}
