using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Jobs;

/// <summary>The application's background work as Hangfire jobs: each job class is a thin adapter over one service.</summary>
internal sealed class HangfireBackgroundWork(IBackgroundJobClient jobs) : IBackgroundWork
{
    public string TrainRun(int runId) => jobs.Enqueue<TrainingJob>(job => job.RunAsync(runId, CancellationToken.None));

    public string ImportDataset(int importId) => jobs.Enqueue<ImportDatasetJob>(job => job.RunAsync(importId, CancellationToken.None));

    public string ImportPretrained(int checkpointId) => jobs.Enqueue<ImportPretrainedJob>(job => job.RunAsync(checkpointId, CancellationToken.None));

    public string ScoreDataset(int datasetId) => jobs.Enqueue<ScoringJob>(job => job.RunAsync(datasetId, CancellationToken.None));

    public string ScanLabelErrors(int datasetId) => jobs.Enqueue<LabelErrorScanJob>(job => job.RunAsync(datasetId, CancellationToken.None));

    public string FireSchedule(int scheduleId, FiringTrigger trigger, string startedBy) =>
        jobs.Enqueue<ScheduleFiringJob>(job => job.RunAsync(scheduleId, trigger, startedBy, CancellationToken.None));

    public string SendWebhook(long deliveryId, TimeSpan delay) => delay <= TimeSpan.Zero
        ? jobs.Enqueue<WebhookDeliveryJob>(job => job.RunAsync(deliveryId, CancellationToken.None))
        : jobs.Schedule<WebhookDeliveryJob>(job => job.RunAsync(deliveryId, CancellationToken.None), delay);

    public void Cancel(string jobId) => jobs.Delete(jobId);
}
