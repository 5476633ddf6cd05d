
namespace NewsClassifier.Application.Hosting;

/// <summary>Runs <see cref="StagingSweeper"/> and <see cref="PartialDatasetSweeper"/> once at start, in the background: the
/// app serves at once, and a failed sweep is logged, never a reason not to start.</summary>
public sealed class StagingSweepService(StagingSweeper sweeper, PartialDatasetSweeper datasets, ILogger<StagingSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await sweeper.SweepAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The start-up sweep of staging files failed");
        }
        try
        {
            await datasets.SweepAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The start-up sweep of partial datasets failed");
        }
    }
}
