using System.Diagnostics;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.ML.Baseline;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// Looks for wrong gold labels with predictions from models that never saw the article: k-fold TF-IDF baseline over the
/// dataset's gold articles (<see cref="TfidfBaselineCrossValidation"/>), each fold predicted by a model fitted on the
/// others. A gold label contradicted with at least the dataset's threshold becomes a "likely label error" review item
/// whose <see cref="ReviewItem.Evidence"/> says so (once per article, like the scorer's). Progress (folds done) goes to
/// the settings row and the notifier; lease, stop and failure: <see cref="LabelingPassRunner"/>.
/// </summary>
public sealed class LabelErrorScanner(IDbContextFactory<NewsDbContext> contexts, Notifier<LabelingSettings> notifier, IOptions<LabelErrorScanOptions> options,
    LabelingPassRunner runner, TimeProvider clock, ILogger<LabelErrorScanner> logger)
{
    public const string Creator = "out-of-fold scan";

    public static string EvidenceFor(int folds) => $"out-of-fold prediction, {folds}-fold TF-IDF baseline";

    public Task ScanAsync(int datasetId, CancellationToken cancellationToken) =>
        runner.RunAsync(LabelingPass.ErrorScan, datasetId, ScanDatasetAsync, cancellationToken);

    private async Task ScanDatasetAsync(NewsDbContext db, LabelingSettings settings, CancellationToken cancellationToken)
    {
        int datasetId = settings.DatasetId, folds = options.Value.Folds;
        var labels = await db.LabelClasses.AsNoTracking().Where(l => l.DatasetId == datasetId).OrderBy(l => l.Ordinal).ToListAsync(cancellationToken);
        var articles = await db.Articles.AsNoTracking().Where(a => a.DatasetId == datasetId && a.LabelId != null).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Title, a.Text, LabelId = a.LabelId!.Value }).ToListAsync(cancellationToken);
        if (LabelErrorScanLauncher.WhyNot(articles.Count, articles.Select(a => a.LabelId).Distinct().Count(), folds) is { } why)
        {
            await FinishAsync(db, settings, ScoringState.Failed, why);
            return;
        }
        var ordinal = labels.ToDictionary(l => l.Id, l => l.Ordinal);

        settings.ErrorScanState = ScoringState.Running;
        settings.ErrorScanDone = 0;
        settings.ErrorScanTotal = folds;
        settings.ErrorScanMessage = null;
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(settings);

        var clockwatch = Stopwatch.StartNew();
        var texts = articles.Select(a => Article.ComposeModelText(a.Title, a.Text)).ToList();
        var gold = articles.Select(a => ordinal[a.LabelId]).ToList();
        var parameters = new BaselineParameters { Seed = options.Value.Seed };
        var probabilities = await Task.Run(() => TfidfBaselineCrossValidation.OutOfFold(texts, gold, labels.Count, folds, parameters, done =>
        {
            // From the fitting thread: a short context of its own, so a refreshed page shows the folds done.
            using var progress = contexts.CreateDbContext();
            progress.LabelingSettings.Where(s => s.DatasetId == datasetId).ExecuteUpdate(u => u.SetProperty(s => s.ErrorScanDone, done));
            settings.ErrorScanDone = done;
            notifier.Publish(settings);
        }, cancellationToken), cancellationToken);

        var alreadyFlagged = (await db.ReviewItems.AsNoTracking().Where(r => r.DatasetId == datasetId && r.Reason == ReviewReason.LikelyLabelError)
            .Select(r => r.ArticleId).ToListAsync(cancellationToken)).ToHashSet();
        var evidence = EvidenceFor(folds);
        var now = clock.GetUtcNow().UtcDateTime;
        int flagged = 0;
        for (int i = 0; i < articles.Count; i++)
        {
            var m = ArticleScore.Measure(probabilities[i]);
            if (m.Predicted == gold[i] || m.Confidence < settings.ErrorThreshold || !alreadyFlagged.Add(articles[i].Id)) continue;
            flagged++;
            db.ReviewItems.Add(new ReviewItem
            {
                DatasetId = datasetId, ArticleId = articles[i].Id, Reason = ReviewReason.LikelyLabelError, ProposedLabelId = labels[m.Predicted].Id,
                Confidence = m.Confidence, Status = ReviewStatus.Open, CreatedBy = Creator, CreatedAt = now, Evidence = evidence,
                Note = $"A TF-IDF baseline fitted without this article says {labels[m.Predicted].Name} with {m.Confidence:P0} confidence.",
            });
        }
        settings.ErrorScanDone = folds;
        await FinishAsync(db, settings, ScoringState.Succeeded,
            $"{articles.Count:N0} gold articles predicted out of fold ({folds}-fold TF-IDF baseline, {clockwatch.Elapsed.TotalSeconds:N0} s); " +
            $"{flagged:N0} new likely label errors sent to review.");
        logger.LogInformation("Label-error scan of dataset {DatasetId}: {Count} articles, {Folds} folds, {Flagged} flagged in {Seconds:F1} s",
            datasetId, articles.Count, folds, flagged, clockwatch.Elapsed.TotalSeconds);
    }

    private Task FinishAsync(NewsDbContext db, LabelingSettings settings, ScoringState state, string message) =>
        runner.FinishAsync(db, settings, LabelingPass.ErrorScan, state, message);
}
