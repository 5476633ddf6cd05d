using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Registry;
using NewsClassifier.Domain.Registry;

namespace NewsClassifier.Application.Tests.Registry;

/// <summary>What classifies when the caller names no model: the newest trained run while nothing is in production,
/// the production alias once one is set (even when it is the older run), and the newest run again once it is removed.
/// A class of its own, so its host has no production alias set by the other registry tests.</summary>
public sealed class ProductionDefaultTests(RegistryHostFixture fixture) : IClassFixture<RegistryHostFixture>
{
    private const string Title = "Stocks slide", Text = "Shares fell sharply on Wall Street as oil prices rose.";

    [Fact]
    public async Task Without_a_production_alias_the_newest_run_answers_and_after_its_removal_the_newest_answers_again()
    {
        using var scope = fixture.App.Services.CreateScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
        var classifier = scope.ServiceProvider.GetRequiredService<ClassificationService>();
        var resolver = scope.ServiceProvider.GetRequiredService<ModelResolver>();
        Assert.True(fixture.NewerRunId > fixture.OlderRunId);

        // Nothing registered: the newest successful run.
        Assert.Null(await resolver.ProductionAsync(CancellationToken.None));
        Assert.Equal(fixture.NewerRunId, (await resolver.ResolveAsync(null, null, CancellationToken.None)).Run.Id);
        Assert.Equal(fixture.NewerRunId, (await classifier.ClassifyAsync(null, null, Title, Text, CancellationToken.None)).Run.Id);

        // Registered but not promoted: still the newest run.
        await registry.RegisterAsync(fixture.OlderRunId, "fallback", "alice", CancellationToken.None);
        await registry.RegisterAsync(fixture.NewerRunId, "fallback", "alice", CancellationToken.None);
        await registry.SetAliasAsync("fallback", ModelAlias.Staging, 2, "alice", "staging is not production", CancellationToken.None);
        Assert.Null(await resolver.ProductionAsync(CancellationToken.None));
        Assert.Equal(fixture.NewerRunId, (await resolver.ResolveAsync(null, null, CancellationToken.None)).Run.Id);

        // The older run promoted: it answers, although a newer run exists.
        await registry.SetAliasAsync("fallback", ModelAlias.Production, 1, "alice", "older is steadier", CancellationToken.None);
        var production = (await resolver.ProductionAsync(CancellationToken.None))!;
        Assert.Equal((1, fixture.OlderRunId), (production.Version.Version, production.Run.Id));
        Assert.Equal(fixture.OlderRunId, (await resolver.ResolveAsync(null, null, CancellationToken.None)).Run.Id);
        Assert.Equal(fixture.OlderRunId, (await classifier.ClassifyAsync(null, null, Title, Text, CancellationToken.None)).Run.Id);

        // The alias removed: back to the newest run, and references to the alias now fail.
        await registry.RemoveAliasAsync("fallback", ModelAlias.Production, "alice", "rollback", CancellationToken.None);
        Assert.Null(await resolver.ProductionAsync(CancellationToken.None));
        Assert.Equal(fixture.NewerRunId, (await resolver.ResolveAsync(null, null, CancellationToken.None)).Run.Id);
        Assert.Equal(fixture.NewerRunId, (await classifier.ClassifyAsync(null, null, Title, Text, CancellationToken.None)).Run.Id);
        var gone = await Assert.ThrowsAsync<RegistryException>(() => registry.ResolveAsync("fallback", CancellationToken.None));
        Assert.Equal("fallback has no production alias.", gone.Message);
    }
}
