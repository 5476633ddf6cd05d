using Hangfire;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Jobs;

/// <summary>Fires a schedule (<see cref="ScheduleFirer"/>) on the training queue, since a firing trains a challenger. No
/// automatic retry: a failed firing is recorded with its reason, and the next trigger tries again.</summary>
[Queue(JobQueues.Training)]
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class ScheduleFiringJob(ScheduleFirer firer, ScheduleTriggers triggers)
{
    public Task RunAsync(int scheduleId, FiringTrigger trigger, string startedBy, CancellationToken cancellationToken) =>
        firer.FireAsync(scheduleId, trigger, startedBy, cancellationToken);

    /// <summary>A cron slot: the slot is recorded first, so a restart during the firing does not count it as missed.</summary>
    public async Task CronAsync(int scheduleId, CancellationToken cancellationToken)
    {
        await triggers.RecordCronSlotAsync(scheduleId, cancellationToken);
        await firer.FireAsync(scheduleId, FiringTrigger.Cron, "cron", cancellationToken);
    }
}
