using NewsClassifier.Application.Hosting;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>Enqueues scoring of a dataset (when a user asks, and for every labelled dataset when production changes).</summary>
public sealed class ScoringLauncher(IDbContextFactory<NewsDbContext> contexts, IBackgroundWork work, Notifier<LabelingSettings> notifier)
{
    public async Task<string> EnqueueAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await AnnotationQueue.SettingsAsync(db, datasetId, cancellationToken);
        if (settings.ScoringState is ScoringState.Queued or ScoringState.Running)
            throw new LabelingException("Scoring of this dataset is already under way.");
        settings.ScoringState = ScoringState.Queued;
        settings.ScoringDone = 0;
        settings.ScoringMessage = null;
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(settings);
        return work.ScoreDataset(datasetId);
    }

    /// <summary>Datasets someone labels (those with settings) are re-scored with the new production model.</summary>
    public async Task<int> EnqueueAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.LabelingSettings.AsNoTracking()
            .Where(s => s.ScoringState != ScoringState.Queued && s.ScoringState != ScoringState.Running)
            .Select(s => s.DatasetId).ToListAsync(cancellationToken);
        foreach (var id in ids) await EnqueueAsync(id, cancellationToken);
        return ids.Count;
    }
}
