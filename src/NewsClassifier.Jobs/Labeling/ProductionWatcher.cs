using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Data;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Jobs.Registry;

namespace NewsClassifier.Jobs.Labeling;

/// <summary>Re-scores the labelled datasets when the production alias moves, so the active-learning order and the
/// likely label errors follow the model that is in production. At start it marks scoring that a restart interrupted
/// (Hangfire's in-memory storage forgot the job) as failed, so it can be started again.</summary>
internal sealed class ProductionWatcher(ProductionAliasNotifier production, IServiceScopeFactory scopes, IDbContextFactory<NewsDbContext> contexts,
    ILogger<ProductionWatcher> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            int interrupted = await db.LabelingSettings
                .Where(s => s.ScoringState == ScoringState.Queued || s.ScoringState == ScoringState.Running)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.ScoringState, ScoringState.Failed)
                    .SetProperty(s => s.ScoringMessage, "Interrupted by a restart: start the scoring again."), cancellationToken);
            if (interrupted > 0) logger.LogWarning("{Count} dataset scorings were interrupted by a restart", interrupted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database that is not migrated yet has nothing to recover; labelling still works once it is.
            logger.LogWarning(e, "Could not check for interrupted scoring");
        }
        production.Changed += OnChanged;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        production.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(string model) => _ = RescoreAsync(model);

    private async Task RescoreAsync(string model)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            int count = await scope.ServiceProvider.GetRequiredService<ScoringQueue>().EnqueueAllAsync(CancellationToken.None);
            logger.LogInformation("Production of {Model} changed: {Count} datasets queued for re-scoring", model, count);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not queue re-scoring after production of {Model} changed", model);
        }
    }
}
