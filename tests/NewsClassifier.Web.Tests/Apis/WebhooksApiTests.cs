using Microsoft.EntityFrameworkCore;
using NewsClassifier.Data;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Web.Tests.Apis;

/// <summary>/api/webhooks over HTTP: Admin only; a refused URL is a 400 naming the rule and stores nothing; the secret is
/// answered when created or rotated, never in the list.</summary>
public class WebhooksApiTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    private async Task<int> EndpointCountAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await db.WebhookEndpoints.CountAsync();
    }

    [Fact]
    public async Task Only_an_Admin_lists_creates_or_deletes_endpoints()
    {
        using var scientist = await app.ClientAsync(AppRoles.Scientist);
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.PostAsJsonAsync("/api/webhooks",
            new { url = "https://93.184.215.14/in", events = new[] { WebhookEvents.RunFinished } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.AnonymousClient().GetAsync("/api/webhooks")).StatusCode);

        using var admin = await app.ClientAsync(AppRoles.Admin);
        var created = await admin.PostAsJsonAsync("/api/webhooks",
            new { url = "https://93.184.215.14/in", description = "CMS", events = new[] { WebhookEvents.RunFinished, WebhookEvents.AliasMoved } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt32();
        Assert.StartsWith("whsec_", body.GetProperty("secret").GetString());
        Assert.Equal(["run.finished", "alias.moved"], body.GetProperty("events").EnumerateArray().Select(e => e.GetString()));

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/webhooks");
        var listed = Assert.Single(list.EnumerateArray(), e => e.GetProperty("id").GetInt32() == id);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("secret").ValueKind); // never in the list

        var rotated = await (await admin.PostAsync($"/api/webhooks/{id}/secret", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(body.GetProperty("secret").GetString(), rotated.GetProperty("secret").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/in", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://192.168.1.10/in", "private")]
    [InlineData("https://user:pw@93.184.215.14/in", "user name or password")]
    [InlineData("ftp://93.184.215.14/in", "http:// or https://")]
    public async Task A_refused_url_is_a_400_with_the_reason_and_stores_nothing(string url, string reason)
    {
        using var admin = await app.ClientAsync(AppRoles.Admin);
        var before = await EndpointCountAsync();

        var response = await admin.PostAsJsonAsync("/api/webhooks", new { url, events = new[] { WebhookEvents.RunFinished } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("webhook")[0].GetString());
        Assert.Equal(before, await EndpointCountAsync());
    }
}
