using NewsClassifier.Application.Pretrained;

namespace NewsClassifier.Jobs;

/// <summary>Imports one pretrained checkpoint (<see cref="PretrainedImporter"/>). No automatic retry: a failed import
/// shows its error and the user retries it, which resumes a hub download from its partial file.</summary>
[Queue(JobQueues.Default)]
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class ImportPretrainedJob(PretrainedImporter importer, JobStop stop)
{
    public Task RunAsync(int checkpointId, CancellationToken cancellationToken) =>
        stop.RunAsync(token => importer.RunAsync(checkpointId, progress: null, token), cancellationToken);
}
