using NewsClassifier.Application.Training;

namespace NewsClassifier.Jobs;

/// <summary>Trains one run on the training queue (<see cref="RunTrainer"/>). No automatic retry: a failed run keeps its
/// error for a person to read and can be re-run.</summary>
[Queue(JobQueues.Training)]
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class TrainingJob(RunTrainer trainer, JobStop stop)
{
    public Task RunAsync(int runId, CancellationToken cancellationToken) =>
        stop.RunAsync(token => trainer.TrainAsync(runId, token), cancellationToken);
}
