using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Hosting.Notices;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Application.Registry;
using NewsClassifier.Domain.Accounts;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Tests.Nodes;

/// <summary>What one node holds in memory for speed follows the other node's writes: annotation holds live in the
/// database, and the model-choice and token caches are emptied by the other node's change.</summary>
public sealed class CrossNodeStateTests(SharedDatabaseNodes nodes) : IClassFixture<SharedDatabaseNodes>
{
    [Fact]
    public async Task An_article_held_in_one_node_is_not_given_away_by_the_other_and_its_holder_may_answer_there()
    {
        var dataset = await NodeSeed.DatasetAsync(nodes, articles: 1);
        int sports = await nodes.InDatabaseAsync(db => db.LabelClasses.Where(l => l.DatasetId == dataset.Id && l.Name == "Sports").Select(l => l.Id).SingleAsync());
        await using var a = nodes.A.CreateAsyncScope();
        await using var b = nodes.B.CreateAsyncScope();
        var queueA = a.ServiceProvider.GetRequiredService<AnnotationQueue>();
        var queueB = b.ServiceProvider.GetRequiredService<AnnotationQueue>();

        var given = await queueA.NextAsync(dataset.Id, "alice", [], CancellationToken.None);

        Assert.NotNull(given);
        Assert.Null(await queueB.NextAsync(dataset.Id, "bob", [], CancellationToken.None)); // k = 1: its one slot is alice's
        Assert.Equal(1, (await nodes.B.GetRequiredService<ArticleReservations>().HeldByOthersAsync("bob", CancellationToken.None))[given.ArticleId]);
        var refused = await Assert.ThrowsAsync<LabelingException>(() => queueB.AnnotateAsync(dataset.Id, given.ArticleId, "carol", sports, CancellationToken.None));
        Assert.Contains("was not given to you", refused.Message);
        Assert.Equal(AnnotationEffect.BecameGold, await queueB.AnnotateAsync(dataset.Id, given.ArticleId, "alice", sports, CancellationToken.None));
        Assert.Empty(await nodes.A.GetRequiredService<ArticleReservations>().HeldByOthersAsync("bob", CancellationToken.None));
    }

    [Fact]
    public async Task A_registry_change_in_one_node_empties_the_other_node_s_model_choices()
    {
        var dataset = await NodeSeed.DatasetAsync(nodes);
        var runs = new List<TrainingRun>();
        for (int i = 0; i < 3; i++) runs.Add(await NodeSeed.RunAsync(nodes, dataset.Id, RunState.Succeeded));
        var name = $"news-{Guid.NewGuid():N}"[..13];
        var model = await NodeSeed.ModelAsync(nodes, name, runs);
        await using var b = nodes.B.CreateAsyncScope();
        var resolverB = b.ServiceProvider.GetRequiredService<ModelResolver>();
        Assert.Equal(runs[0].Id, (await resolverB.ResolveAsync(name, null, CancellationToken.None)).Run.Id);

        // Moved behind the services' back (no notice): node B keeps answering from its cache.
        await nodes.InDatabaseAsync(db => db.ModelAliases.Where(x => x.RegisteredModelId == model.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ModelVersionId, model.Versions[1].Id)));
        Assert.Equal(runs[0].Id, (await resolverB.ResolveAsync(name, null, CancellationToken.None)).Run.Id);

        await SharedDatabaseNodes.NextAsync<SharedCacheChange>(nodes.B, c => c.Cache == SharedCache.ModelChoices, async () =>
        {
            await using var a = nodes.A.CreateAsyncScope();
            await a.ServiceProvider.GetRequiredService<ModelRegistry>().SetAliasAsync(name, ModelAlias.Production, 3, "admin", "better on the holdout",
                CancellationToken.None);
        });

        Assert.Equal(runs[2].Id, (await resolverB.ResolveAsync(name, null, CancellationToken.None)).Run.Id);
    }

    [Fact]
    public async Task A_token_revoked_in_one_node_is_refused_by_the_other_as_soon_as_the_notice_lands()
    {
        var user = $"scientist-{Guid.NewGuid():N}"[..16];
        await nodes.A.GetRequiredService<UserAdministration>().CreateAsync(user, AppRoles.Scientist, "correct horse battery staple");
        var created = await nodes.A.GetRequiredService<ApiTokens>().CreateAsync(user, "script", null, null);
        var tokensB = nodes.B.GetRequiredService<ApiTokens>();
        Assert.Null((await tokensB.CheckAsync(created.Token)).Refusal);

        // Revoked behind the services' back: B answers from its cache (no database read per request)...
        await nodes.InDatabaseAsync(db => db.ApiTokens.Where(t => t.Id == created.Info.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTime.UtcNow)));
        Assert.Null((await tokensB.CheckAsync(created.Token)).Refusal);

        // ...until node A changes an account: B forgets when the notice arrives (no marker file on PostgreSQL).
        await SharedDatabaseNodes.NextAsync<SharedCacheChange>(nodes.B, c => c.Cache == SharedCache.ApiTokens,
            () => nodes.A.GetRequiredService<ApiTokens>().RevokeAsync(created.Info.Id, actingUser: null));

        Assert.StartsWith("The token was revoked", (await tokensB.CheckAsync(created.Token)).Refusal);
        Assert.False(File.Exists(Path.Combine(nodes.A.GetRequiredService<NewsClassifier.Data.Storage.DataPaths>().DataDirectory, "accounts.changed")));
    }
}
