using Hangfire;
using NewsClassifier.Application.Schedules;

namespace NewsClassifier.Jobs;

/// <summary>Every minute: brings the timers in step with the schedules table (another process, such as the CLI, may have
/// changed it) and queues a firing of each schedule whose new-gold-labels threshold is reached.</summary>
[Queue(JobQueues.Default)]
[AutomaticRetry(Attempts = 0)]
internal sealed class ScheduleCheckJob(ScheduleTriggers triggers, ScheduleService schedules, HangfireScheduleTimers timers)
{
    public const string RecurringId = "schedules:check";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var schedule in await schedules.AllAsync(cancellationToken)) timers.Sync(schedule);
        await triggers.CheckNewLabelsAsync(cancellationToken);
    }
}
