using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Training;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Jobs;

namespace NewsClassifier.Application.Tests.Labeling;

/// <summary>The real app with a tiny model trained (a few seconds) and promoted to production, which scores the dataset.</summary>
public sealed class ScoredDatasetFixture : IAsyncLifetime
{
    public NewsHost App { get; } = new();
    public int DatasetId { get; private set; }
    public long[] Unlabelled { get; private set; } = [];
    public ResolvedModel Production { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        (DatasetId, Unlabelled) = await LabelingSeed.ImportAsync(App, "scoring-sample", rows: 400, unlabelled: 40);
        using var scope = App.Services.CreateScope();
        // Labelling is in use on this dataset (it has settings), so a production change re-scores it.
        await scope.ServiceProvider.GetRequiredService<AnnotationQueue>().SettingsAsync(DatasetId, CancellationToken.None);

        var runId = await scope.ServiceProvider.GetRequiredService<RunLauncher>()
            .SubmitAsync(new TrainingRequest(DatasetId, "custom", SampleData.TinyModel), CancellationToken.None);
        var runs = scope.ServiceProvider.GetRequiredService<RunQueries>();
        await WaitAsync(async () => await runs.GetRunAsync(runId, CancellationToken.None) is { IsFinished: true }, "the tiny run to finish");
        Assert.Equal(RunState.Succeeded, (await runs.GetRunAsync(runId, CancellationToken.None))!.State);

        var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
        var version = await registry.RegisterAsync(runId, "labeling-news", "tester", CancellationToken.None);
        await registry.SetAliasAsync("labeling-news", "production", version.Version, "tester", "labelling tests", CancellationToken.None);
        Production = (await scope.ServiceProvider.GetRequiredService<ModelResolver>().ProductionAsync(CancellationToken.None))!;

        var queue = scope.ServiceProvider.GetRequiredService<AnnotationQueue>();
        await WaitAsync(async () => (await queue.SettingsAsync(DatasetId, CancellationToken.None)).ScoringState is ScoringState.Succeeded or ScoringState.Failed,
            "the scoring queued by the promotion to finish");
    }

    public static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        for (int i = 0; i < 1200; i++)
        {
            if (await done()) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Waited 120 s for {what}.");
    }

    public Task DisposeAsync() => App.DisposeAsync();
}

public class ScoringTests(ScoredDatasetFixture fixture) : IClassFixture<ScoredDatasetFixture>
{
    private NewsHost App => fixture.App;

    [Fact]
    public async Task Promoting_a_model_scores_every_article_and_the_queue_follows_each_strategy()
    {
        using var scope = App.Services.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<AnnotationQueue>();
        var settings = await queue.SettingsAsync(fixture.DatasetId, CancellationToken.None);
        Assert.Equal(ScoringState.Succeeded, settings.ScoringState);
        Assert.Equal(fixture.Production.Version.Id, settings.ScoredModelVersionId);
        Assert.Equal((400, 400), (settings.ScoringDone, settings.ScoringTotal));

        await using var db = await App.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var scores = await db.ArticleScores.AsNoTracking().Where(s => s.DatasetId == fixture.DatasetId).ToListAsync();
        Assert.Equal(400, scores.Count);
        Assert.All(scores, s => Assert.Equal(fixture.Production.Version.Id, s.ModelVersionId));
        Assert.All(scores, s => Assert.Equal(1 - s.Confidence, s.LeastConfidence, 9));
        var pool = scores.Where(s => fixture.Unlabelled.Contains(s.ArticleId)).ToList();

        var expected = new Dictionary<ActiveLearningStrategy, long[]>
        {
            [ActiveLearningStrategy.None] = pool.OrderBy(s => s.ArticleId).Select(s => s.ArticleId).Take(6).ToArray(),
            [ActiveLearningStrategy.LeastConfidence] = pool.OrderBy(s => s.Confidence).ThenBy(s => s.ArticleId).Select(s => s.ArticleId).Take(6).ToArray(),
            [ActiveLearningStrategy.Margin] = pool.OrderBy(s => s.Margin).ThenBy(s => s.ArticleId).Select(s => s.ArticleId).Take(6).ToArray(),
            [ActiveLearningStrategy.Entropy] = pool.OrderByDescending(s => s.Entropy).ThenByDescending(s => s.ArticleId).Select(s => s.ArticleId).Take(6).ToArray(),
        };
        Assert.NotEqual(expected[ActiveLearningStrategy.None], expected[ActiveLearningStrategy.LeastConfidence]);
        foreach (var (strategy, order) in expected)
        {
            await queue.SaveSettingsAsync(fixture.DatasetId, 1, strategy, 0.9, CancellationToken.None);
            // One user throughout: holds of other users would (rightly) keep articles from them with k = 1.
            var seen = new List<long>();
            for (int i = 0; i < order.Length; i++)
                seen.Add((await queue.NextAsync(fixture.DatasetId, "orderer", seen, CancellationToken.None))!.ArticleId);
            Assert.Equal(order, seen);
        }
    }

    [Fact]
    public async Task Gold_labels_the_model_contradicts_confidently_go_to_review_once_but_only_articles_it_held_out()
    {
        using var scope = App.Services.CreateScope();
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var labels = await db.LabelClasses.Where(l => l.DatasetId == fixture.DatasetId).OrderBy(l => l.Ordinal).Select(l => l.Id).ToListAsync();
        var scores = await db.ArticleScores.AsNoTracking().Where(s => s.DatasetId == fixture.DatasetId).ToDictionaryAsync(s => s.ArticleId);
        // The production run's validation articles: the only ones its predictions say anything about (it learnt the others' labels).
        var heldOut = (await db.RunPredictions.Where(p => p.RunId == fixture.Production.Run.Id).Select(p => p.ArticleId).ToListAsync()).ToHashSet();
        Assert.NotEmpty(heldOut);

        // Make five of the model's most confident held-out gold articles, and five training ones, wrong on purpose:
        // the first five must be found, the training ones not (the out-of-fold scan covers those).
        var gold = scores.Values.Where(s => !fixture.Unlabelled.Contains(s.ArticleId)).OrderByDescending(s => s.Confidence).ThenBy(s => s.ArticleId).ToList();
        var planted = gold.Where(s => heldOut.Contains(s.ArticleId)).Take(5).ToList();
        var trained = gold.Where(s => !heldOut.Contains(s.ArticleId)).Take(5).ToList();
        foreach (var s in planted.Concat(trained))
        {
            var wrong = labels[(s.PredictedOrdinal + 1) % labels.Count];
            await db.Articles.Where(a => a.Id == s.ArticleId).ExecuteUpdateAsync(u => u.SetProperty(a => a.LabelId, wrong));
        }
        double threshold = Math.Floor(planted.Min(s => s.Confidence) * 1000) / 1000;
        await scope.ServiceProvider.GetRequiredService<AnnotationQueue>().SaveSettingsAsync(fixture.DatasetId, 1, ActiveLearningStrategy.LeastConfidence, threshold, CancellationToken.None);
        var before = await db.ReviewItems.Where(r => r.DatasetId == fixture.DatasetId && r.Reason == ReviewReason.LikelyLabelError).Select(r => r.ArticleId).ToListAsync();

        await scope.ServiceProvider.GetRequiredService<ScoringJob>().RunAsync(fixture.DatasetId, CancellationToken.None);

        var goldNow = await db.Articles.AsNoTracking().Where(a => a.DatasetId == fixture.DatasetId && a.LabelId != null).ToDictionaryAsync(a => a.Id, a => a.LabelId!.Value);
        var rescored = await db.ArticleScores.AsNoTracking().Where(s => s.DatasetId == fixture.DatasetId).ToListAsync();
        var expected = rescored.Where(s => goldNow.TryGetValue(s.ArticleId, out var g) && g != labels[s.PredictedOrdinal] && s.Confidence >= threshold && heldOut.Contains(s.ArticleId))
            .Select(s => s.ArticleId).Union(before).Order().ToList();
        var items = await db.ReviewItems.AsNoTracking().Where(r => r.DatasetId == fixture.DatasetId && r.Reason == ReviewReason.LikelyLabelError).ToListAsync();
        Assert.Equal(expected, items.Select(i => i.ArticleId).Order().ToList());
        Assert.All(planted, p => Assert.Contains(p.ArticleId, items.Select(i => i.ArticleId)));
        Assert.All(trained, p => Assert.DoesNotContain(p.ArticleId, items.Where(i => !before.Contains(i.ArticleId)).Select(i => i.ArticleId)));
        var one = items.Single(i => i.ArticleId == planted[0].ArticleId);
        Assert.Equal((ReviewStatus.Open, labels[planted[0].PredictedOrdinal]), (one.Status, one.ProposedLabelId));
        Assert.Equal($"validation prediction of run {fixture.Production.Run.Id}", one.Evidence);

        // Re-running (or a dismissed item) does not file them again.
        await scope.ServiceProvider.GetRequiredService<ReviewQueue>().DismissAsync(one.Id, "rita", CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<ScoringJob>().RunAsync(fixture.DatasetId, CancellationToken.None);
        Assert.Equal(items.Count, await db.ReviewItems.CountAsync(r => r.DatasetId == fixture.DatasetId && r.Reason == ReviewReason.LikelyLabelError));
    }

    [Fact]
    public async Task The_relabel_mode_finds_the_gold_articles_the_production_model_disagrees_with()
    {
        using var scope = App.Services.CreateScope();
        var relabel = scope.ServiceProvider.GetRequiredService<RelabelQueue>();
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var version = fixture.Production.Version.Id;
        var disagreeing = await (from a in db.Articles
                                 join l in db.LabelClasses on a.LabelId equals l.Id
                                 join s in db.ArticleScores on a.Id equals s.ArticleId
                                 where a.DatasetId == fixture.DatasetId && s.ModelVersionId == version && s.PredictedOrdinal != l.Ordinal
                                 orderby a.Id
                                 select a.Id).ToListAsync();
        Assert.NotEmpty(disagreeing);
        var reviewer = new Relabeler("rhea", MayLabel: true, MayReview: true);
        var filter = new RelabelFilter(Focus: RelabelFocus.ModelDisagrees, OnlyUnseen: false);

        Assert.Equal(fixture.Production.Display, await relabel.ScoredModelAsync(fixture.DatasetId, CancellationToken.None));
        Assert.Equal(disagreeing.Count, await relabel.CountAsync(fixture.DatasetId, filter, reviewer, CancellationToken.None));
        var card = (await relabel.NextAsync(fixture.DatasetId, filter, reviewer, 0, [], CancellationToken.None))!;
        Assert.Equal(disagreeing[0], card.ArticleId);
        Assert.NotNull(card.ModelLabelId);
        Assert.NotEqual(card.GoldLabelId, card.ModelLabelId);
        Assert.Equal(fixture.Production.Display, card.ModelName);
    }

    [Fact]
    public async Task The_suggestion_uses_production_and_says_why_not_when_the_label_sets_differ()
    {
        using var scope = App.Services.CreateScope();
        var suggestions = scope.ServiceProvider.GetRequiredService<ModelSuggestions>();
        var suggestion = await suggestions.ForArticleAsync(fixture.DatasetId, "Stocks fall", "Shares slid on Wall Street.", CancellationToken.None);
        Assert.Null(suggestion.Why);
        Assert.Equal(fixture.Production.Display, suggestion.Model);
        Assert.Equal(["World", "Sports", "Business", "Sci/Tech"], suggestion.Probabilities.Select(p => p.Label));
        Assert.Equal(1.0, suggestion.Probabilities.Sum(p => p.Probability), 4);

        var (otherId, _) = await LabelingSeed.ImportAsync(App, "other-labels", rows: 20, unlabelled: 0);
        await scope.ServiceProvider.GetRequiredService<LabelSetEditor>().AddAsync(otherId, "Health", CancellationToken.None);
        var refused = await suggestions.ForArticleAsync(otherId, "Stocks fall", "", CancellationToken.None);
        Assert.Null(refused.Best);
        Assert.Contains("not this dataset's label set", refused.Why);
    }
}
