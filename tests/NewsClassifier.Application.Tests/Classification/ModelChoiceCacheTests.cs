using Microsoft.Extensions.Options;
using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Tests.Registry;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Tests.Classification;

/// <summary>
/// The resolved classify choice is kept in memory (no registry or runs query per request), and every write in the process
/// that changes the answer clears it at once: a promote answers with the new production model on the next request, an
/// alias removal falls back to the newest run, a run that succeeds becomes that fallback and a deleted one is not served. A write the process did not see
/// (another process's) is served from the cache until the entry's age passes.
/// </summary>
public sealed class ModelChoiceCacheTests(RegistryHostFixture fixture) : IClassFixture<RegistryHostFixture>
{
    private const string Title = "Stocks slide", Text = "Shares fell sharply on Wall Street as oil prices rose.";

    [Fact]
    public async Task A_promote_and_an_alias_removal_are_answered_at_once_and_reads_in_between_come_from_memory()
    {
        var cache = fixture.App.Services.GetRequiredService<ModelChoiceCache>();
        using var scope = fixture.App.Services.CreateScope();
        var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
        var classifier = scope.ServiceProvider.GetRequiredService<ClassificationService>();
        var resolver = scope.ServiceProvider.GetRequiredService<ModelResolver>();

        await registry.RegisterAsync(fixture.OlderRunId, "cached", "alice", CancellationToken.None);
        await registry.RegisterAsync(fixture.NewerRunId, "cached", "alice", CancellationToken.None);
        await registry.SetAliasAsync("cached", ModelAlias.Production, 1, "alice", "first", CancellationToken.None);
        var first = await resolver.ResolveAsync(null, null, CancellationToken.None);
        Assert.Equal(fixture.OlderRunId, first.Run.Id);
        Assert.True(cache.TryGet("default", out var kept));
        // The next request gets the very same answer object: nothing was read again.
        Assert.Same(first, await resolver.ResolveAsync(null, null, CancellationToken.None));
        Assert.Same(kept, first);

        // Promote version 2: the next classification answers with it, without waiting for the entry's age.
        await registry.SetAliasAsync("cached", ModelAlias.Production, 2, "alice", "newer is better", CancellationToken.None);
        Assert.False(cache.TryGet("default", out _));
        var promoted = await classifier.ClassifyAsync(null, null, Title, Text, CancellationToken.None);
        Assert.Equal((fixture.NewerRunId, 2), (promoted.Run.Id, promoted.Model!.Version.Version));
        Assert.Equal(2, (await resolver.ResolveAsync("cached", null, CancellationToken.None)).Model!.Version.Version);

        // Roll back to 1 and remove the alias: the newest-run fallback answers at once, and the alias reference fails.
        await registry.SetAliasAsync("cached", ModelAlias.Production, 1, "alice", "rollback", CancellationToken.None);
        Assert.Equal(fixture.OlderRunId, (await classifier.ClassifyAsync(null, null, Title, Text, CancellationToken.None)).Run.Id);
        await registry.RemoveAliasAsync("cached", ModelAlias.Production, "alice", "no production for now", CancellationToken.None);
        var fallback = await classifier.ClassifyAsync(null, null, Title, Text, CancellationToken.None);
        Assert.Equal(fixture.NewerRunId, fallback.Run.Id);
        Assert.Null(fallback.Model);
        await Assert.ThrowsAsync<RegistryException>(() => resolver.ResolveAsync("cached@production", null, CancellationToken.None));
        Assert.Null(await resolver.ProductionAsync(CancellationToken.None));

        // A run that succeeds becomes the fallback as soon as its end is published (the row is saved just before, so
        // waiting for the row alone could look in between); deleted, it is not served any more.
        var datasetId = await SampleData.ImportSampleAsync(fixture.App, "cache-delete", rows: 400);
        var ended = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnProgress(RunProgress progress)
        {
            if (progress.State == RunState.Succeeded) ended.TrySetResult(progress.RunId);
        }
        var progressNotifier = fixture.App.Services.GetRequiredService<Notifier<RunProgress>>();
        progressNotifier.Changed += OnProgress;
        int newest;
        try
        {
            newest = await SampleData.TrainTinyAsync(fixture.App, datasetId);
            Assert.Equal(newest, await ended.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            progressNotifier.Changed -= OnProgress;
        }
        Assert.Equal(newest, (await resolver.ResolveAsync(null, null, CancellationToken.None)).Run.Id);
        Assert.Equal(newest, (await resolver.ResolveAsync(null, newest, CancellationToken.None)).Run.Id);
        await scope.ServiceProvider.GetRequiredService<RunCatalog>().DeleteAsync(newest, CancellationToken.None);
        Assert.Equal(fixture.NewerRunId, (await resolver.ResolveAsync(null, null, CancellationToken.None)).Run.Id);
        await Assert.ThrowsAsync<ClassificationException>(() => resolver.ResolveAsync(null, newest, CancellationToken.None));
    }

    [Fact]
    public void An_entry_is_reused_until_its_age_passes_and_one_resolved_before_an_invalidation_is_not_stored()
    {
        var clock = new ManualClock();
        var options = Options.Create(new InferenceOptions { ResolvedModelSeconds = 5 });
        using var cache = new ModelChoiceCache(options, clock);
        var choice = new ModelChoice(new NewsClassifier.Domain.Runs.TrainingRun { Id = 7, Recipe = "custom" }, null);

        cache.Store("run 7", cache.Generation, choice);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True(cache.TryGet("run 7", out var kept));
        Assert.Same(choice, kept);
        clock.Advance(TimeSpan.FromSeconds(0.2)); // older than 5 s: another process may have changed it
        Assert.False(cache.TryGet("run 7", out _));

        var before = cache.Generation;
        cache.Invalidate(); // a write while that resolution was under way
        cache.Store("run 7", before, choice);
        Assert.False(cache.TryGet("run 7", out _));

        using var off = new ModelChoiceCache(Options.Create(new InferenceOptions { ResolvedModelSeconds = 0 }), clock);
        off.Store("run 7", off.Generation, choice);
        Assert.False(off.TryGet("run 7", out _));
    }

    /// <summary>A clock the test moves by hand (timestamps in ticks of 100 ns).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
