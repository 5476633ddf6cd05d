using NewsClassifier.Application.Classification;

namespace NewsClassifier.Web.Tests.Registry;

/// <summary>/api/models and /api/classify over HTTP: the signed-in user is recorded, the default follows the production alias.</summary>
public sealed class ModelsApiTests(RegistryAppFixture fixture) : IClassFixture<RegistryAppFixture>
{
    private const string Title = "Stocks slide", Text = "Shares fell sharply on Wall Street as oil prices rose.";

    [Fact]
    public async Task Classification_uses_the_production_model_by_default_and_accepts_a_model_reference()
    {
        // A Scientist registers and promotes; the audit log and the versions record the signed-in user, not a typed name.
        using var client = await fixture.App.ClientAsync(NewsClassifier.Domain.Accounts.AppRoles.Scientist);
        var registered = await client.PostAsJsonAsync("/api/models", new { runId = fixture.OlderRunId, name = "served" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(1, (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/models", new { runId = fixture.NewerRunId, name = "served" })).StatusCode);

        // Promote the older run although a newer one exists: the default follows the alias, not recency.
        var promote = await client.PostAsJsonAsync("/api/models/served/aliases/production", new { version = 1, reason = "steadier on sports" });
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        var noReason = await client.PostAsJsonAsync("/api/models/served/aliases/staging", new { version = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var byDefault = await (await client.PostAsJsonAsync("/api/classify", new { title = Title, text = Text })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(fixture.OlderRunId, byDefault.GetProperty("runId").GetInt32());
        Assert.Equal(("served:1", "production"), (byDefault.GetProperty("model").GetString(), byDefault.GetProperty("alias").GetString()));

        using (var scope = fixture.App.Services.CreateScope())
        {
            var resolver = scope.ServiceProvider.GetRequiredService<ModelResolver>();
            Assert.Equal(fixture.OlderRunId, (await resolver.ResolveAsync(null, null, CancellationToken.None)).Run.Id);
        }

        var byVersion = await (await client.PostAsJsonAsync("/api/classify", new { title = Title, text = Text, model = "served:2" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(fixture.NewerRunId, byVersion.GetProperty("runId").GetInt32());
        var unknown = await client.PostAsJsonAsync("/api/classify", new { title = Title, text = Text, model = "served@staging" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("served has no staging alias", await unknown.Content.ReadAsStringAsync());

        var details = await client.GetFromJsonAsync<JsonElement>("/api/models/served");
        Assert.Equal(1, details.GetProperty("aliases").GetProperty("production").GetInt32());
        var audit = details.GetProperty("audit").EnumerateArray().Single();
        Assert.Equal(("scientist", "steadier on sports"), (audit.GetProperty("changedBy").GetString(), audit.GetProperty("reason").GetString()));
        Assert.All(details.GetProperty("versions").EnumerateArray(), v => Assert.Equal("scientist", v.GetProperty("createdBy").GetString()));
        var all = await client.GetFromJsonAsync<JsonElement>("/api/models");
        Assert.Contains(all.EnumerateArray(), m => m.GetProperty("name").GetString() == "served");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/models/nothing-here")).StatusCode);

        var removed = await client.DeleteAsync("/api/models/served/aliases/production?reason=rollback");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
    }
}
