using Hangfire;
using NewsClassifier.Jobs.Hosting;

namespace NewsClassifier.Jobs.Pretrained;

/// <summary>The Hangfire job of a checkpoint import (default queue). No automatic retry: a failed import shows its
/// error and the user retries it, which resumes a hub download from its partial file.</summary>
[Queue(JobQueues.Default)]
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class ImportPretrainedJob(PretrainedImporter importer)
{
    public async Task RunAsync(int checkpointId, CancellationToken cancellationToken) =>
        await importer.RunAsync(checkpointId, progress: null, cancellationToken);
}
