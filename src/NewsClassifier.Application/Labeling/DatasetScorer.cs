using NewsClassifier.Application.Classification;
using NewsClassifier.Domain.Datasets;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// Scores every article of a dataset with the production model in batches: unlabelled articles get the
/// uncertainty measures the active-learning order sorts by. Gold-labelled articles the production run held out for
/// validation (its <c>RunPrediction</c> rows: the model never trained on them) that it contradicts with at least the
/// dataset's threshold become "likely label error" review items (once per article: a re-run or a dismissed item does
/// not bring them back); its own training articles are not judged by it (it learnt their labels, wrong ones included:
/// <see cref="LabelErrorScanner"/> covers them out of fold). Lease, progress, stop and failure: <see cref="LabelingPassRunner"/>.
/// </summary>
public sealed class DatasetScorer(ModelResolver resolver, ModelCache models, Notifier<LabelingSettings> notifier,
    IOptions<InferenceOptions> inference, LabelingPassRunner runner, TimeProvider clock, ILogger<DatasetScorer> logger)
{
    public const int BatchSize = 64;

    public Task ScoreAsync(int datasetId, CancellationToken cancellationToken) =>
        runner.RunAsync(LabelingPass.Scoring, datasetId, ScoreDatasetAsync, cancellationToken);

    private async Task ScoreDatasetAsync(NewsDbContext db, LabelingSettings settings, CancellationToken cancellationToken)
    {
        int datasetId = settings.DatasetId;
        var production = await resolver.ProductionAsync(cancellationToken);
        if (production is null)
        {
            await FinishAsync(db, settings, ScoringState.Failed, "No model is in production: promote one in Models first.");
            return;
        }
        if (production.Run.ArtifactPath is null || !Directory.Exists(production.Run.ArtifactPath))
        {
            await FinishAsync(db, settings, ScoringState.Failed, $"The files of {production.Display} are missing on disk.");
            return;
        }
        // Held for the whole pass: an eviction meanwhile (classify requests for other models) does not unload it.
        using var lease = await models.LeaseAsync(production.Run.Id, production.Run.ArtifactPath, cancellationToken);
        var classifier = lease.Predictor;
        var labels = await db.LabelClasses.AsNoTracking().Where(l => l.DatasetId == datasetId).OrderBy(l => l.Ordinal).ToListAsync(cancellationToken);
        var map = ModelSuggestions.LabelMap(classifier.LabelNames, labels.Select(l => l.Name).ToList());
        if (map is null)
        {
            await FinishAsync(db, settings, ScoringState.Failed,
                $"{production.Display} predicts {string.Join(", ", classifier.LabelNames)}, not this dataset's labels ({string.Join(", ", labels.Select(l => l.Name))}).");
            return;
        }

        settings.ScoringState = ScoringState.Running;
        settings.ScoredModelVersionId = null;
        settings.ScoredModelName = production.Display;
        settings.ScoringDone = 0;
        settings.ScoringTotal = await db.Articles.CountAsync(a => a.DatasetId == datasetId, cancellationToken);
        settings.ScoringMessage = null;
        await db.ArticleScores.Where(s => s.DatasetId == datasetId).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(settings);

        var heldOut = (await db.RunPredictions.AsNoTracking().Where(p => p.RunId == production.Run.Id).Select(p => p.ArticleId).ToListAsync(cancellationToken)).ToHashSet();
        var evidence = $"validation prediction of run {production.Run.Id}";
        var alreadyFlagged = (await db.ReviewItems.AsNoTracking().Where(r => r.DatasetId == datasetId && r.Reason == ReviewReason.LikelyLabelError)
            .Select(r => r.ArticleId).ToListAsync(cancellationToken)).ToHashSet();
        int max = inference.Value.MaxTextCharacters, flagged = 0;
        long after = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        while (true)
        {
            var batch = await db.Articles.AsNoTracking().Where(a => a.DatasetId == datasetId && a.Id > after).OrderBy(a => a.Id).Take(BatchSize)
                .Select(a => new { a.Id, a.Title, a.Text, a.LabelId }).ToListAsync(cancellationToken);
            if (batch.Count == 0) break;
            var texts = batch.Select(a => Article.ComposeModelText(a.Title, a.Text)).Select(t => t.Length > max ? t[..max] : t).ToList();
            var predictions = await Task.Run(() => classifier.PredictBatch(texts), cancellationToken);
            for (int i = 0; i < batch.Count; i++)
            {
                // Probabilities in the dataset's label order.
                var p = map.Select(j => predictions[i].Probabilities[j]).ToArray();
                var m = ArticleScore.Measure(p);
                var article = batch[i];
                db.ArticleScores.Add(new ArticleScore(article.Id, datasetId, production.Version.Id, m.Predicted, m.Confidence, m.LeastConfidence, m.Margin,
                    m.Entropy, now));
                var predictedLabel = labels[m.Predicted].Id;
                if (article.LabelId is { } gold && gold != predictedLabel && m.Confidence >= settings.ErrorThreshold && heldOut.Contains(article.Id) && alreadyFlagged.Add(article.Id))
                {
                    flagged++;
                    db.ReviewItems.Add(new ReviewItem
                    {
                        DatasetId = datasetId, ArticleId = article.Id, Reason = ReviewReason.LikelyLabelError, ProposedLabelId = predictedLabel,
                        Confidence = m.Confidence, Status = ReviewStatus.Open, CreatedBy = production.Display, CreatedAt = now, Evidence = evidence,
                        Note = $"{production.Display}, which held this article out for validation, says {labels[m.Predicted].Name} with {m.Confidence:P0} confidence.",
                    });
                }
            }
            after = batch[^1].Id;
            settings.ScoringDone += batch.Count;
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Entries<ArticleScore>().ToList().ForEach(e => e.State = EntityState.Detached);
            notifier.Publish(settings);
        }
        settings.ScoredModelVersionId = production.Version.Id;
        await FinishAsync(db, settings, ScoringState.Succeeded,
            $"Scored {settings.ScoringDone:N0} articles with {production.Display}; {flagged:N0} new likely label errors sent to review.");
        logger.LogInformation("Scored dataset {DatasetId} with {Model}: {Count} articles, {Flagged} likely label errors", datasetId, production.Display, settings.ScoringDone, flagged);
    }

    private Task FinishAsync(NewsDbContext db, LabelingSettings settings, ScoringState state, string message) =>
        runner.FinishAsync(db, settings, LabelingPass.Scoring, state, message);
}
