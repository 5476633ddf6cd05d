using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Accounts.Tokens;

namespace NewsClassifier.Web.Tests.Accounts;

/// <summary>Personal access tokens over real HTTP: <c>Authorization: Bearer</c> on the API, refusals as 401 with a
/// reason (never a redirect), no way into pages or the job dashboard, and account changes applied to a live token.</summary>
public sealed class ApiTokenAuthenticationTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    [Fact]
    public async Task A_token_reads_the_API_as_its_user_and_records_the_use()
    {
        await app.CreateUserAsync("tina", AppRoles.Viewer);
        var (client, token) = await app.TokenClientAsync("tina");
        using var response = await client.GetAsync("/api/runs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var listed = Assert.Single(await app.Services.GetRequiredService<ApiTokens>().ListAsync("tina"), t => t.Id == token.Info.Id);
        Assert.NotNull(listed.LastUsedAt);
    }

    [Fact]
    public async Task Revoked_expired_and_garbage_tokens_answer_401_with_the_reason()
    {
        await app.CreateUserAsync("rita", AppRoles.Scientist);
        var (client, token) = await app.TokenClientAsync("rita");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs/")).StatusCode);

        await app.Services.GetRequiredService<ApiTokens>().RevokeAsync(token.Info.Id, "rita");
        await AssertRefusedAsync(client, "The token was revoked at");

        var (expiring, expiringToken) = await app.TokenClientAsync("rita", expiresDays: 1);
        Assert.Equal(HttpStatusCode.OK, (await expiring.GetAsync("/api/runs/")).StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NewsClassifier.Data.NewsDbContext>();
            await db.ApiTokens.Where(t => t.Id == expiringToken.Info.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));
        }
        app.Services.GetRequiredService<TokenPrincipalCache>().AccountsChanged(); // the row was edited behind the service's back
        await AssertRefusedAsync(expiring, "The token expired at");

        foreach (var garbage in new[] { "garbage", "nct_1_short", token.Token[..^1] + (token.Token[^1] == 'A' ? 'B' : 'A') })
        {
            var badClient = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
            badClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", garbage);
            await AssertRefusedAsync(badClient, garbage.StartsWith("nct_", StringComparison.Ordinal) && garbage.Length > 20 ? "Unknown token" : "not a NewsClassifier access token");
        }
    }

    [Fact]
    public async Task A_token_opens_no_page_and_not_the_job_dashboard()
    {
        await app.CreateUserAsync("adam", AppRoles.Admin);
        var (client, _) = await app.TokenClientAsync("adam");
        foreach (var path in new[] { "/", "/admin/users", "/hangfire/", "/account/tokens" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/login", response.Headers.Location!.OriginalString);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/datasets/")).StatusCode);
    }

    [Fact]
    public async Task A_role_change_or_lock_applies_to_a_live_token_on_its_next_request()
    {
        await app.CreateUserAsync("sid", AppRoles.Scientist);
        var (client, _) = await app.TokenClientAsync("sid");
        // A bearer write needs no cookie-write header: the token is no ambient credential a foreign page could use.
        using (var allowed = await client.PostAsJsonAsync("/api/runs/", new { }))
            Assert.True(allowed.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)allowed.StatusCode < 500,
                $"{(int)allowed.StatusCode} {await allowed.Content.ReadAsStringAsync()}");

        var users = app.Services.GetRequiredService<UserAdministration>();
        await users.SetRoleAsync("sid", AppRoles.Viewer, actingUser: null);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/runs/", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs/")).StatusCode);

        await users.SetLockedAsync("sid", true, actingUser: null);
        await AssertRefusedAsync(client, "is locked");
        await users.SetLockedAsync("sid", false, actingUser: null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs/")).StatusCode);
    }

    [Fact]
    public async Task On_the_API_a_bearer_header_wins_over_the_cookie()
    {
        var cookie = await app.ClientAsync(AppRoles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/api/runs/")).StatusCode);
        cookie.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "nct_1_not-a-real-secret");
        await AssertRefusedAsync(cookie, "not a NewsClassifier access token");
        // Pages keep the cookie.
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/models")).StatusCode);
    }

    private static async Task AssertRefusedAsync(HttpClient client, string reason)
    {
        using var response = await client.GetAsync("/api/runs/");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
    }
}
