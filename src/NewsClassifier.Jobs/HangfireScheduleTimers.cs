using Hangfire;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Jobs;

/// <summary>A schedule's cron expression as a Hangfire recurring job ("schedule:{id}") in the schedule's time zone; none when
/// the schedule is disabled, deleted or has no cron. Hangfire ignores a slot that passed while no server ran: the schedules
/// table is the one record of slots, and start-up fires a missed one from it (<see cref="ScheduleTriggers.FireMissedAsync"/>),
/// so it fires once whichever storage keeps the timers.</summary>
internal sealed class HangfireScheduleTimers(IRecurringJobManager recurring)
{
    public static string JobId(int scheduleId) => $"schedule:{scheduleId}";

    public void Sync(Schedule schedule)
    {
        if (schedule.Enabled && !schedule.Deleted && schedule.Cron is { } cron && CronSchedule.Zone(schedule.TimeZone).Zone is { } zone)
        {
            var id = schedule.Id;
            recurring.AddOrUpdate<ScheduleFiringJob>(JobId(id), job => job.CronAsync(id, CancellationToken.None), cron,
                new RecurringJobOptions { TimeZone = zone, MisfireHandling = MisfireHandlingMode.Ignorable });
        }
        else
        {
            recurring.RemoveIfExists(JobId(schedule.Id));
        }
    }
}
