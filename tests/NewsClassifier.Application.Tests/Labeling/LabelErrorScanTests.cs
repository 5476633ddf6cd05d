using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.ML.Baseline;

namespace NewsClassifier.Application.Tests.Labeling;

/// <summary>The out-of-fold label-error scan on a small separable dataset (each class has words of its own) with one
/// label flipped on purpose.</summary>
public class LabelErrorScanTests(NewsHost app) : IClassFixture<NewsHost>
{
    private static readonly string[][] Words =
    [
        ["minister", "election", "parliament", "embassy", "treaty", "president", "troops", "ceasefire"],
        ["match", "goal", "league", "coach", "season", "striker", "tournament", "referee"],
        ["shares", "profit", "market", "investors", "earnings", "stocks", "revenue", "merger"],
        ["software", "internet", "computer", "chip", "researchers", "browser", "processor", "wireless"],
    ];

    private static readonly string[] Filler = ["the", "on", "after", "said", "new", "week", "report", "today"];

    /// <summary>25 articles per class (label 1-4, AG News numbering) of that class's words and some shared filler.</summary>
    private static List<(int Label, string Title, string Text)> Separable()
    {
        var random = new Random(7);
        var rows = new List<(int, string, string)>();
        for (int i = 0; i < 25; i++)
            for (int c = 0; c < 4; c++)
            {
                string Pick(int n) => string.Join(' ', Enumerable.Range(0, n).Select(k => k % 3 == 2 ? Filler[random.Next(Filler.Length)] : Words[c][random.Next(Words[c].Length)]));
                rows.Add((c + 1, Pick(4), Pick(12)));
            }
        return rows;
    }

    private async Task<int> ImportAsync(string name, IEnumerable<(int Label, string Title, string Text)> rows)
    {
        var path = Path.Combine(app.DataDirectory, $"{name}.csv");
        await File.WriteAllLinesAsync(path, ["label,title,description", .. rows.Select(r => $"{r.Label},{r.Title},{r.Text}")]);
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<DatasetImporter>().ImportAsync(new ImportRequest(path, name, new ImportSpec(), path), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        return result.DatasetId!.Value;
    }

    [Fact]
    public async Task A_flipped_label_is_flagged_out_of_fold_with_its_evidence_and_a_correct_one_is_not()
    {
        int datasetId = await ImportAsync("separable", Separable());
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var labels = await db.LabelClasses.Where(l => l.DatasetId == datasetId).OrderBy(l => l.Ordinal).ToListAsync();
        var articles = await db.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.Id).Select(a => new { a.Id, a.LabelId }).ToListAsync();
        // A sports article labelled Business on purpose.
        var flipped = articles[1];
        Assert.Equal("Sports", labels.Single(l => l.Id == flipped.LabelId).Name);
        var business = labels.Single(l => l.Name == "Business").Id;
        await db.Articles.Where(a => a.Id == flipped.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.LabelId, business));
        var correct = articles[2];

        using var scope = app.Services.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<AnnotationQueue>();
        await queue.SaveSettingsAsync(datasetId, 1, ActiveLearningStrategy.None, 0.5, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<LabelErrorScanner>().ScanAsync(datasetId, CancellationToken.None);

        var settings = await queue.SettingsAsync(datasetId, CancellationToken.None);
        Assert.Equal((ScoringState.Succeeded, 5, 5), (settings.ErrorScanState, settings.ErrorScanDone, settings.ErrorScanTotal));
        Assert.Contains("100 gold articles predicted out of fold (5-fold TF-IDF baseline", settings.ErrorScanMessage);
        var items = await db.ReviewItems.AsNoTracking().Where(r => r.DatasetId == datasetId && r.Reason == ReviewReason.LikelyLabelError).ToListAsync();
        var item = Assert.Single(items, i => i.ArticleId == flipped.Id);
        Assert.Equal((ReviewStatus.Open, flipped.LabelId, "out-of-fold prediction, 5-fold TF-IDF baseline", LabelErrorScanner.Creator),
            (item.Status, item.ProposedLabelId, item.Evidence, item.CreatedBy));
        Assert.True(item.Confidence >= 0.5);
        Assert.DoesNotContain(items, i => i.ArticleId == correct.Id);
        // Separable: nothing else is contradicted.
        Assert.Single(items);

        // The review card says where the prediction came from.
        var entry = Assert.Single(await scope.ServiceProvider.GetRequiredService<ReviewQueue>().OpenAsync(datasetId, 10, CancellationToken.None));
        Assert.Equal("out-of-fold prediction, 5-fold TF-IDF baseline", entry.Item.Evidence);

        // Once per article: a second scan files nothing new.
        await scope.ServiceProvider.GetRequiredService<LabelErrorScanner>().ScanAsync(datasetId, CancellationToken.None);
        Assert.Equal(1, await db.ReviewItems.CountAsync(r => r.DatasetId == datasetId && r.Reason == ReviewReason.LikelyLabelError));
    }

    [Fact]
    public void Out_of_fold_predictions_are_the_same_for_the_same_seed_and_folds_are_stratified()
    {
        var rows = Separable();
        var texts = rows.Select(r => r.Title + " " + r.Text).ToList();
        var labels = rows.Select(r => r.Label - 1).ToList();
        var p = new BaselineParameters { Seed = 3 };
        var a = TfidfBaselineCrossValidation.OutOfFold(texts, labels, 4, 5, p);
        var b = TfidfBaselineCrossValidation.OutOfFold(texts, labels, 4, 5, p);
        Assert.Equal(a.Select(x => x.ToArray()), b.Select(x => x.ToArray()));
        Assert.All(a, x => Assert.Equal(1.0, x.Sum(), 3));

        var folds = TfidfBaselineCrossValidation.Folds(labels, 5, 3);
        for (int f = 0; f < 5; f++)
            for (int c = 0; c < 4; c++)
                Assert.Equal(5, Enumerable.Range(0, labels.Count).Count(i => folds[i] == f && labels[i] == c));
    }

    [Fact]
    public async Task The_launcher_refuses_a_scan_that_cannot_run_before_queueing_it()
    {
        int datasetId = await ImportAsync("too-small", Separable().Take(6));
        using var scope = app.Services.CreateScope();
        var refused = await Assert.ThrowsAsync<LabelingException>(() => scope.ServiceProvider.GetRequiredService<LabelErrorScanLauncher>().EnqueueAsync(datasetId, CancellationToken.None));
        Assert.Contains("at least 10 gold articles", refused.Message);
        Assert.Equal(ScoringState.Never, (await scope.ServiceProvider.GetRequiredService<AnnotationQueue>().SettingsAsync(datasetId, CancellationToken.None)).ErrorScanState);
    }
}
