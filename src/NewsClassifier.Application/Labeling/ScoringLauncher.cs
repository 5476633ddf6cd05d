using NewsClassifier.Application.Registry;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>Enqueues scoring of a dataset (when a user asks, and for every labelled dataset when production changes).</summary>
public sealed class ScoringLauncher(IDbContextFactory<NewsDbContext> contexts, IBackgroundWork work, Notifier<LabelingSettings> notifier)
{
    /// <summary>Why scoring cannot start: refused before anything is queued, so nobody reads "queued" and then "Failed".</summary>
    public const string NoProductionModel = "No model is in production: register a run's model and promote it to production in Models, then score.";

    /// <summary>Whether a production model exists to score with (the page disables its button without one).</summary>
    public async Task<bool> HasProductionModelAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ModelRegistry.LatestProductionAsync(db, cancellationToken) is not null;
    }

    public async Task<string> EnqueueAsync(int datasetId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var settings = await AnnotationQueue.SettingsAsync(db, datasetId, cancellationToken);
        // The scorer checks again when it runs (the alias may move in between); this is the up-front answer.
        if (await ModelRegistry.LatestProductionAsync(db, cancellationToken) is null)
            throw new LabelingException(NoProductionModel);
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
        // Production was taken away (its alias removed): nothing to re-score with, and nothing to refuse to anyone.
        if (await ModelRegistry.LatestProductionAsync(db, cancellationToken) is null) return 0;
        var ids = await db.LabelingSettings.AsNoTracking()
            .Where(s => s.ScoringState != ScoringState.Queued && s.ScoringState != ScoringState.Running)
            .Select(s => s.DatasetId).ToListAsync(cancellationToken);
        foreach (var id in ids) await EnqueueAsync(id, cancellationToken);
        return ids.Count;
    }
}
