using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Runs;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Classification;

/// <summary>
/// The one answer to "which model answers a classify request" (Classify page, API, CLI, label suggestions, scoring):
/// an explicit reference (<c>name</c>, <c>name@alias</c>, <c>name:version</c>, or a run id) is that model; else the
/// most recently promoted <c>production</c> alias; else the newest succeeded run; else <see cref="NoModelException"/>.
/// </summary>
public sealed class ModelResolver(IDbContextFactory<NewsDbContext> contexts, ModelRegistry registry, RunQueries runs)
{
    public async Task<ModelChoice> ResolveAsync(string? reference, int? runId, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(reference))
        {
            if (runId is not null) throw new RegistryException("Give either a model or a run, not both.");
            var model = await registry.ResolveAsync(reference, cancellationToken);
            return new ModelChoice(Trained(model.Run), model);
        }
        if (runId is { } id)
            return new ModelChoice(Trained(await runs.GetRunAsync(id, cancellationToken) ?? throw new ClassificationException($"There is no run number {id}.")), null);
        if (await ProductionAsync(cancellationToken) is { } production && HasModel(production.Run))
            return new ModelChoice(production.Run, production);
        return new ModelChoice((await runs.SucceededAsync(cancellationToken)).FirstOrDefault() ?? throw new NoModelException(), null);
    }

    /// <summary>The production alias promoted most recently across all models, or null when none is: what answers
    /// by default, and the only model label suggestions and active-learning scores use (they never fall back to a run).</summary>
    public async Task<ResolvedModel?> ProductionAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await ModelRegistry.LatestProductionAsync(db, cancellationToken);
        return latest is null ? null : await registry.ResolveAsync($"{latest.Value.Model}@{ModelAlias.Production}", cancellationToken);
    }

    private static bool HasModel(TrainingRun run) => run.State == RunState.Succeeded && run.ArtifactPath is not null;

    private static TrainingRun Trained(TrainingRun run) => HasModel(run) ? run
        : throw new ClassificationException($"Run {run.Id} has no trained model (it is {run.State.ToString().ToLowerInvariant()}).");
}
