using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Jobs;

/// <summary>
/// In-memory job storage forgets recurring jobs on restart; the schedules table does not. At start every enabled
/// schedule's timer is registered again, a cron slot missed while the server was down fires once, and the one-minute
/// check (new-label thresholds, timers of schedules another process changed) is put on its timer. Later edits in this
/// process move their timer at once. On durable storage the timers outlive every process (registering them again only
/// rewrites the same recurring jobs); every process that starts checks for missed slots, and the slot's record decides
/// which one fires it.
/// </summary>
internal sealed class ScheduleStartup(IServiceScopeFactory scopes, HangfireScheduleTimers timers, Notifier<Schedule> changes,
    IRecurringJobManager recurring, ILogger<ScheduleStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        changes.Changed += timers.Sync;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var schedules = await scope.ServiceProvider.GetRequiredService<ScheduleService>().AllAsync(cancellationToken);
            foreach (var schedule in schedules) timers.Sync(schedule);
            int missed = await scope.ServiceProvider.GetRequiredService<ScheduleTriggers>().FireMissedAsync(cancellationToken);
            recurring.AddOrUpdate<ScheduleCheckJob>(ScheduleCheckJob.RecurringId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
            logger.LogInformation("Schedules: {Count} timers registered, {Missed} missed firings queued", schedules.Count(s => s.Enabled && !s.Deleted && s.Cron is not null), missed);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database that is not migrated yet has no schedules; the app must still start.
            logger.LogError(e, "Could not register the schedules' timers");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        changes.Changed -= timers.Sync;
        return Task.CompletedTask;
    }
}
