using System.Text.Json;
using NewsClassifier.Application.Registry;
using NewsClassifier.Domain.Registry;

namespace NewsClassifier.Application.Tests.Registry;

/// <summary>Registering runs, moving aliases with their audit log, resolving references, and the production default of classification.</summary>
public sealed class ModelRegistryTests(RegistryHostFixture fixture) : IClassFixture<RegistryHostFixture>
{
    private const string Title = "Stocks slide", Text = "Shares fell sharply on Wall Street as oil prices rose.";

    private async Task<T> WithRegistryAsync<T>(Func<ModelRegistry, Task<T>> action)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<ModelRegistry>());
    }

    [Fact]
    public async Task Versions_count_up_per_model_and_copy_the_runs_metrics()
    {
        var v1 = await WithRegistryAsync(r => r.RegisterAsync(fixture.OlderRunId, "versions", "alice", CancellationToken.None));
        var v2 = await WithRegistryAsync(r => r.RegisterAsync(fixture.NewerRunId, "versions", "bob", CancellationToken.None));
        var other = await WithRegistryAsync(r => r.RegisterAsync(fixture.NewerRunId, "versions-other", "bob", CancellationToken.None));

        Assert.Equal((1, 2, 1), (v1.Version, v2.Version, other.Version));
        Assert.Equal(fixture.NewerRunId, v2.RunId);
        Assert.Equal("alice", v1.CreatedBy);
        var model = (await WithRegistryAsync(r => r.GetAsync("versions", CancellationToken.None)))!;
        Assert.Equal([2, 1], model.Versions.Select(v => v.Version.Version));
        Assert.Equal(model.Versions[0].Run!.ValidationAccuracy, v2.ValidationAccuracy);
        Assert.NotNull(v2.ValidationAccuracy);

        var unknownRun = await Assert.ThrowsAsync<RegistryException>(() => WithRegistryAsync(r => r.RegisterAsync(99999, "versions", "x", CancellationToken.None)));
        Assert.Contains("no run number 99999", unknownRun.Message);
        var badName = await Assert.ThrowsAsync<RegistryException>(() => WithRegistryAsync(r => r.RegisterAsync(fixture.OlderRunId, "bad name@x", "x", CancellationToken.None)));
        Assert.Contains("not a model name", badName.Message);
    }

    [Fact]
    public async Task Alias_moves_are_audited_with_from_to_who_why_and_metrics()
    {
        await WithRegistryAsync(r => r.RegisterAsync(fixture.OlderRunId, "audited", "web", CancellationToken.None));
        await WithRegistryAsync(r => r.RegisterAsync(fixture.NewerRunId, "audited", "web", CancellationToken.None));

        var first = await WithRegistryAsync(r => r.SetAliasAsync("audited", "production", 1, "alice", "first model", CancellationToken.None));
        var second = await WithRegistryAsync(r => r.SetAliasAsync("audited", "production", 2, "bob", "better macro-F1", CancellationToken.None));
        await WithRegistryAsync(r => r.SetAliasAsync("audited", "staging", 1, "carol", "keep the old one warm", CancellationToken.None));

        Assert.Equal((null, 1), (first.FromVersion, first.ToVersion));
        Assert.Equal((1, 2), (second.FromVersion, second.ToVersion));
        using (var metrics = JsonDocument.Parse(second.MetricsJson!))
        {
            Assert.Equal(2, metrics.RootElement.GetProperty("version").GetInt32());
            Assert.Equal(fixture.NewerRunId, metrics.RootElement.GetProperty("runId").GetInt32());
            Assert.InRange(metrics.RootElement.GetProperty("accuracy").GetDouble(), 0, 1);
            Assert.Equal(4, metrics.RootElement.GetProperty("perClassF1").EnumerateObject().Count());
        }

        var same = await Assert.ThrowsAsync<RegistryException>(() => WithRegistryAsync(r => r.SetAliasAsync("audited", "production", 2, "bob", "again", CancellationToken.None)));
        Assert.Equal("audited@production is already version 2.", same.Message);
        var noReason = await Assert.ThrowsAsync<RegistryException>(() => WithRegistryAsync(r => r.SetAliasAsync("audited", "production", 1, "bob", "  ", CancellationToken.None)));
        Assert.Contains("why", noReason.Message);
        var noVersion = await Assert.ThrowsAsync<RegistryException>(() => WithRegistryAsync(r => r.SetAliasAsync("audited", "production", 7, "bob", "x", CancellationToken.None)));
        Assert.Equal("audited has no version 7.", noVersion.Message);
        var unknownAlias = await Assert.ThrowsAsync<RegistryException>(() => WithRegistryAsync(r => r.SetAliasAsync("audited", "canary", 1, "bob", "x", CancellationToken.None)));
        Assert.Contains("not an alias", unknownAlias.Message);

        var removed = await WithRegistryAsync(r => r.RemoveAliasAsync("audited", "staging", "carol", "not needed", CancellationToken.None));
        Assert.Equal((1, (int?)null), (removed.FromVersion, removed.ToVersion));

        var audit = await WithRegistryAsync(r => r.AuditAsync("audited", CancellationToken.None));
        Assert.Equal(["staging", "staging", "production", "production"], audit.Select(c => c.Alias));
        Assert.Equal(["carol", "carol", "bob", "alice"], audit.Select(c => c.ChangedBy));
        Assert.Equal("better macro-F1", audit[2].Reason);
        var model = (await WithRegistryAsync(r => r.GetAsync("audited", CancellationToken.None)))!;
        Assert.Equal(2, Assert.Single(model.Aliases).Value);
        Assert.Equal(2, model.VersionOf(ModelAlias.Production));
    }

    [Fact]
    public async Task References_resolve_by_name_alias_and_version_with_clear_errors()
    {
        await WithRegistryAsync(r => r.RegisterAsync(fixture.OlderRunId, "resolved", "web", CancellationToken.None));
        await WithRegistryAsync(r => r.RegisterAsync(fixture.NewerRunId, "resolved", "web", CancellationToken.None));

        var noProduction = await Assert.ThrowsAsync<RegistryException>(() => WithRegistryAsync(r => r.ResolveAsync("resolved", CancellationToken.None)));
        Assert.Equal("resolved has no production alias.", noProduction.Message);

        await WithRegistryAsync(r => r.SetAliasAsync("resolved", ModelAlias.Production, 1, "web", "older is steadier", CancellationToken.None));
        await WithRegistryAsync(r => r.SetAliasAsync("resolved", ModelAlias.Staging, 2, "web", "try the newer one", CancellationToken.None));

        var plain = await WithRegistryAsync(r => r.ResolveAsync("resolved", CancellationToken.None));
        Assert.Equal((1, fixture.OlderRunId, "production"), (plain.Version.Version, plain.Run.Id, plain.Alias));
        var staging = await WithRegistryAsync(r => r.ResolveAsync("resolved@staging", CancellationToken.None));
        Assert.Equal((2, fixture.NewerRunId), (staging.Version.Version, staging.Run.Id));
        var byVersion = await WithRegistryAsync(r => r.ResolveAsync("resolved:2", CancellationToken.None));
        Assert.Equal((2, (string?)null), (byVersion.Version.Version, byVersion.Alias));

        Assert.Equal("There is no model named nope.",
            (await Assert.ThrowsAsync<RegistryException>(() => WithRegistryAsync(r => r.ResolveAsync("nope", CancellationToken.None)))).Message);
        Assert.Equal("resolved has no version 7.",
            (await Assert.ThrowsAsync<RegistryException>(() => WithRegistryAsync(r => r.ResolveAsync("resolved:7", CancellationToken.None)))).Message);
        Assert.Contains("not a version number",
            (await Assert.ThrowsAsync<RegistryException>(() => WithRegistryAsync(r => r.ResolveAsync("resolved:x", CancellationToken.None)))).Message);
    }
}
