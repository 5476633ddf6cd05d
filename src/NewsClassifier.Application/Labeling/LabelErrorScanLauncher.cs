using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>Queues the out-of-fold label-error scan of a dataset (<see cref="LabelErrorScanner"/>), refusing up front
/// what the scan could not do (too few gold articles or classes), so "queued" is never followed by a certain failure.</summary>
public sealed class LabelErrorScanLauncher(IDbContextFactory<NewsDbContext> contexts, IBackgroundWork work, Notifier<LabelingSettings> notifier,
    IOptions<LabelErrorScanOptions> options)
{
    public async Task<string> EnqueueAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await AnnotationQueue.SettingsAsync(db, datasetId, cancellationToken);
        if (settings.ErrorScanState is ScoringState.Queued or ScoringState.Running)
            throw new LabelingException("A label-error scan of this dataset is already under way.");
        var gold = db.Articles.Where(a => a.DatasetId == datasetId && a.LabelId != null);
        if (WhyNot(await gold.CountAsync(cancellationToken), await gold.Select(a => a.LabelId).Distinct().CountAsync(cancellationToken), options.Value.Folds) is { } why)
            throw new LabelingException(why);
        settings.ErrorScanState = ScoringState.Queued;
        settings.ErrorScanDone = 0;
        settings.ErrorScanTotal = options.Value.Folds;
        settings.ErrorScanMessage = null;
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(settings);
        return work.ScanLabelErrors(datasetId);
    }

    /// <summary>Why k folds cannot be fitted on these gold labels, or null: each fold needs articles of two classes at least.</summary>
    internal static string? WhyNot(int goldArticles, int goldClasses, int folds)
    {
        if (goldClasses < 2) return "The scan needs gold labels of at least two classes.";
        if (goldArticles < 2 * folds) return $"A {folds}-fold scan needs at least {2 * folds} gold articles (this dataset has {goldArticles}).";
        return null;
    }
}
