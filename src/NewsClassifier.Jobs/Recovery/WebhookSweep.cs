using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsClassifier.Application.Leases;
using NewsClassifier.Application.Webhooks;
using NewsClassifier.Jobs.Storage;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>
/// Pending webhook deliveries whose queued job the in-memory storage forgot (a restart) are queued again at start, and
/// every <see cref="LeaseOptions.SweepSeconds"/> those overdue by a minute (written by the CLI, which queues nothing, or
/// whose queuing failed). See <see cref="WebhookRecovery"/>. Durable storage still has the queued sends and scheduled
/// retries after a restart, so there the start sweeps only overdue ones, like every later sweep.
/// </summary>
internal sealed class WebhookSweep(WebhookRecovery recovery, JobStore store, IOptions<LeaseOptions> options, TimeProvider clock, ILogger<WebhookSweep> logger)
    : BackgroundService
{
    private static readonly TimeSpan Overdue = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SweepAsync(store.IsDurable ? Overdue : TimeSpan.Zero, stoppingToken);
        using var timer = new PeriodicTimer(options.Value.Sweep, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await SweepAsync(Overdue, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync(TimeSpan grace, CancellationToken stoppingToken)
    {
        try
        {
            await recovery.RequeueAsync(grace, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database not migrated yet must not stop the app; the next sweep tries again.
            logger.LogError(e, "Could not queue pending webhook deliveries again");
        }
    }
}
