using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Leases;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Leases;
using NewsClassifier.ML.Baseline;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// Looks for wrong gold labels with predictions from models that never saw the article: k-fold TF-IDF baseline over the
/// dataset's gold articles (<see cref="TfidfBaselineCrossValidation"/>), each fold predicted by a model fitted on the
/// others. A gold label contradicted with at least the dataset's threshold becomes a "likely label error" review item
/// whose <see cref="ReviewItem.Evidence"/> says so (once per article, like the scorer's). Progress (folds done) goes to
/// the settings row and the notifier; a lease holds the scan; a host stop puts it back to Queued (recovery starts it
/// again), any other cancellation ends it Failed.
/// </summary>
public sealed class LabelErrorScanner(IDbContextFactory<NewsDbContext> contexts, Notifier<LabelingSettings> notifier, IOptions<LabelErrorScanOptions> options,
    WorkLeases leases, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<LabelErrorScanner> logger)
{
    public const string Creator = "out-of-fold scan";

    public static string EvidenceFor(int folds) => $"out-of-fold prediction, {folds}-fold TF-IDF baseline";

    public async Task ScanAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var lease = await leases.TryAcquireAsync(WorkKinds.ErrorScan, datasetId, cancellationToken);
        if (lease is null)
        {
            logger.LogWarning("The label-error scan of dataset {DatasetId} is being run by another process; this job leaves it alone", datasetId);
            return;
        }
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        await ScanHeldAsync(datasetId, lease, cancellationToken, work.Token);
    }

    private async Task ScanHeldAsync(int datasetId, LeaseHeartbeat lease, CancellationToken jobToken, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        LabelingSettings settings;
        try { settings = await AnnotationQueue.SettingsAsync(db, datasetId, cancellationToken); }
        catch (LabelingException)
        {
            logger.LogInformation("Label-error scan skipped: dataset {DatasetId} is gone", datasetId);
            return;
        }
        try
        {
            await ScanDatasetAsync(db, settings, cancellationToken);
        }
        catch (OperationCanceledException) when (lease.IsLost)
        {
            logger.LogWarning("Label-error scan of dataset {DatasetId} stopped: its lease was taken over by another process", datasetId);
        }
        catch (OperationCanceledException) when (jobToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            settings = await db.LabelingSettings.SingleAsync(s => s.DatasetId == datasetId, CancellationToken.None);
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // A restart is not a cancel: back to the queue; recovery starts it again (from the first fold).
                settings.ErrorScanState = ScoringState.Queued;
                settings.ErrorScanDone = 0;
                settings.ErrorScanMessage = "The server stopped during the scan; it continues at the next start.";
                await db.SaveChangesAsync(CancellationToken.None);
                notifier.Publish(settings);
            }
            else await FinishAsync(db, settings, ScoringState.Failed, "Cancelled: start the scan again.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Label-error scan of dataset {DatasetId} failed", datasetId);
            db.ChangeTracker.Clear();
            settings = await db.LabelingSettings.SingleAsync(s => s.DatasetId == datasetId, CancellationToken.None);
            await FinishAsync(db, settings, ScoringState.Failed, $"The scan failed: {e.Message}");
        }
    }

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

    private async Task FinishAsync(NewsDbContext db, LabelingSettings settings, ScoringState state, string message)
    {
        settings.ErrorScanState = state;
        settings.ErrorScanMessage = message;
        settings.ErrorScanFinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
        notifier.Publish(settings);
    }
}
