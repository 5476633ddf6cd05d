using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Hosting;

/// <summary>
/// Work the application hands to the job system instead of doing it inside a request: each method queues one
/// application service call (Hangfire in the web app, see NewsClassifier.Jobs) and returns the job's id, which the
/// row keeps so that a cancel can remove a job that has not started.
/// </summary>
public interface IBackgroundWork
{
    /// <summary>Queues <see cref="Training.RunTrainer.TrainAsync"/> on the training queue.</summary>
    string TrainRun(int runId);

    /// <summary>Queues <see cref="Imports.ImportRunner.RunAsync"/>.</summary>
    string ImportDataset(int importId);

    /// <summary>Queues <see cref="Pretrained.PretrainedImporter.RunAsync"/>.</summary>
    string ImportPretrained(int checkpointId);

    /// <summary>Queues <see cref="Labeling.DatasetScorer.ScoreAsync"/>.</summary>
    string ScoreDataset(int datasetId);

    /// <summary>Queues <see cref="Labeling.LabelErrorScanner.ScanAsync"/>.</summary>
    string ScanLabelErrors(int datasetId);

    /// <summary>Queues <see cref="Schedules.ScheduleFirer.FireAsync"/> on the training queue (a firing trains a challenger).</summary>
    string FireSchedule(int scheduleId, FiringTrigger trigger, string startedBy);

    /// <summary>Queues <see cref="Webhooks.WebhookSender.SendAsync"/> for one try of a delivery, after <paramref name="delay"/> (a retry's backoff).</summary>
    string SendWebhook(long deliveryId, TimeSpan delay);

    /// <summary>Removes a job that has not finished; a running one sees its cancellation token fire.</summary>
    void Cancel(string jobId);
}
