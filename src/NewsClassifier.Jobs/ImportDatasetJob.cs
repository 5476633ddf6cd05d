using NewsClassifier.Application.Imports;

namespace NewsClassifier.Jobs;

/// <summary>Imports one file into a new dataset (<see cref="ImportRunner"/>). No automatic retry: a failed import has a
/// report for a person to read, and the importer is all-or-nothing, so a manual retry is always safe.</summary>
[Queue(JobQueues.Default)]
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class ImportDatasetJob(ImportRunner runner, JobStop stop)
{
    public Task RunAsync(int importId, CancellationToken cancellationToken) =>
        stop.RunAsync(token => runner.RunAsync(importId, token), cancellationToken);
}
