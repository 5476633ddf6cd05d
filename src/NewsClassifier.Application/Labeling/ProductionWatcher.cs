using NewsClassifier.Application.Registry;

namespace NewsClassifier.Application.Labeling;

/// <summary>Re-scores the labelled datasets when the production alias moves, so the active-learning order and the
/// likely label errors follow the model that is in production.</summary>
internal sealed class ProductionWatcher(Notifier<ProductionAliasChange> production, IServiceScopeFactory scopes, ILogger<ProductionWatcher> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        production.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        production.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(ProductionAliasChange change) => _ = RescoreAsync(change.ModelName);

    private async Task RescoreAsync(string model)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            int count = await scope.ServiceProvider.GetRequiredService<ScoringLauncher>().EnqueueAllAsync(CancellationToken.None);
            logger.LogInformation("Production of {Model} changed: {Count} datasets queued for re-scoring", model, count);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not queue re-scoring after production of {Model} changed", model);
        }
    }
}
