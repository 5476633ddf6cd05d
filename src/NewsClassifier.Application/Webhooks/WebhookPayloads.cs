using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>The <c>data</c> of each event: ids a receiver can look up through the API and the names a person reads in a
/// chat message. Each reads its row when the delivery is written (null when the row is gone).</summary>
public static class WebhookPayloads
{
    /// <summary>review.item lists at most this many items per event (a label-error scan can flag hundreds at once);
    /// <c>count</c> is always the full number.</summary>
    public const int MaxReviewItems = 100;

    public static Func<NewsDbContext, CancellationToken, Task<object?>> Run(int runId) => async (db, ct) =>
        await db.TrainingRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => new
        {
            runId = r.Id, name = r.Name, recipe = r.Recipe, datasetId = r.DatasetId, dataset = r.DatasetName,
            state = r.State, validationAccuracy = r.ValidationAccuracy, validationMacroF1 = r.ValidationMacroF1, bestEpoch = r.BestEpoch,
            error = r.Error, startedBy = r.StartedBy, finishedAt = r.FinishedAt,
        }).SingleOrDefaultAsync(ct);

    public static Func<NewsDbContext, CancellationToken, Task<object?>> Import(int importId) => async (db, ct) =>
        await db.DatasetImports.AsNoTracking().Where(i => i.Id == importId).Select(i => new
        {
            importId = i.Id, datasetId = i.DatasetId, dataset = i.DatasetName, state = i.State, rows = i.RowsRead, message = i.Message,
            finishedAt = i.FinishedAt,
        }).SingleOrDefaultAsync(ct);

    public static Func<NewsDbContext, CancellationToken, Task<object?>> Alias(string model, AliasChange change) => (_, _) =>
        Task.FromResult<object?>(new
        {
            model, alias = change.Alias, fromVersion = change.FromVersion, toVersion = change.ToVersion,
            modelVersion = change.ToVersion is { } v ? $"{model}@{v}" : null, changedBy = change.ChangedBy, reason = change.Reason,
            changedAt = change.ChangedAt,
        });

    public static Func<NewsDbContext, CancellationToken, Task<object?>> Firing(long firingId) => async (db, ct) =>
        await (from f in db.ScheduleFirings.AsNoTracking()
               join s in db.Schedules.AsNoTracking() on f.ScheduleId equals s.Id
               where f.Id == firingId
               select new
               {
                   scheduleId = s.Id, schedule = s.Name, model = s.ModelName, firingId = f.Id, trigger = f.Trigger, decision = f.Decision,
                   reason = f.Reason, champion = f.Champion, challenger = f.Challenger, runId = f.RunId, pValue = f.PValue,
                   approvedBy = f.ApprovedBy, finishedAt = f.FinishedAt,
               }).SingleOrDefaultAsync(ct);

    /// <summary>Items created together (one save) for one dataset and reason.</summary>
    public static Func<NewsDbContext, CancellationToken, Task<object?>> ReviewItems(int datasetId, ReviewReason reason, IReadOnlyList<ReviewItem> items) =>
        async (db, ct) =>
        {
            var dataset = await db.Datasets.AsNoTracking().Where(d => d.Id == datasetId).Select(d => d.Name).SingleOrDefaultAsync(ct);
            return new
            {
                datasetId, dataset, reason, count = items.Count,
                items = items.Take(MaxReviewItems).Select(i => new { id = i.Id, articleId = i.ArticleId, createdBy = i.CreatedBy }).ToList(),
            };
        };

    /// <summary>The event a run's end raises (none for a cancel or a return to the queue).</summary>
    internal static string? EventOf(RunState state) => state switch
    {
        RunState.Succeeded => WebhookEvents.RunFinished,
        RunState.Failed => WebhookEvents.RunFailed,
        _ => null,
    };
}
