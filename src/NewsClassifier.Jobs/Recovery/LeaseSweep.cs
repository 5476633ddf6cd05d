using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsClassifier.Application.Leases;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>
/// While the app runs, every <see cref="LeaseOptions.SweepSeconds"/> it recovers running work whose holder is gone
/// (the CLI killed mid-run, a second server that died): the same handlers as at start, for running rows only.
/// </summary>
internal sealed class LeaseSweep(RecoveryPass pass, IOptions<LeaseOptions> options, TimeProvider clock, ILogger<LeaseSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Sweep, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await pass.RunAsync(RecoveryScope.Sweep, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "The lease sweep failed; it tries again in {Seconds} s", options.Value.SweepSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
