using NewsClassifier.Application.Labeling;

namespace NewsClassifier.Jobs;

/// <summary>Scores a dataset's articles with the production model (<see cref="DatasetScorer"/>). No automatic retry:
/// a failed scoring is recorded on the dataset's labeling settings and started again by a person.</summary>
[Queue(JobQueues.Default)]
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class ScoringJob(DatasetScorer scorer, JobStop stop)
{
    public Task RunAsync(int datasetId, CancellationToken cancellationToken) =>
        stop.RunAsync(token => scorer.ScoreAsync(datasetId, token), cancellationToken);
}
