using NewsClassifier.Application.Labeling;

namespace NewsClassifier.Jobs;

/// <summary>Runs the out-of-fold label-error scan of a dataset (<see cref="LabelErrorScanner"/>). No automatic retry: a
/// failed scan is recorded on the dataset's labeling settings and started again by a person.</summary>
[Queue(JobQueues.Default)]
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class LabelErrorScanJob(LabelErrorScanner scanner, JobStop stop)
{
    public Task RunAsync(int datasetId, CancellationToken cancellationToken) =>
        stop.RunAsync(token => scanner.ScanAsync(datasetId, token), cancellationToken);
}
