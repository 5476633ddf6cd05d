using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Runs;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Classification;

/// <summary>
/// The one answer to "which model answers a classify request" (Classify page, API, CLI, label suggestions, scoring):
/// an explicit reference (<c>name</c>, <c>name@alias</c>, <c>name:version</c>, or a run id) is that model; else the
/// most recently promoted <c>production</c> alias; else the newest succeeded run; else <see cref="NoModelException"/>.
/// Answers are kept in <see cref="ModelChoiceCache"/> (cleared by every write that changes one), so a classify request
/// normally reaches neither the registry nor the runs table.
/// </summary>
public sealed class ModelResolver(IDbContextFactory<NewsDbContext> contexts, ModelRegistry registry, RunQueries runs, ModelChoiceCache? cache = null)
{
    private const string DefaultKey = "default", ProductionKey = "production";

    public async Task<ModelChoice> ResolveAsync(string? reference, int? runId, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(reference))
        {
            if (runId is not null) throw new RegistryException("Give either a model or a run, not both.");
            // Parsed first (no database): the key is the canonical reference, whatever spacing or alias case was sent.
            var parsed = ModelReference.Parse(reference);
            return await CachedAsync(parsed.Version is { } v ? $"model {parsed.Name}:{v}" : $"model {parsed.Name}@{parsed.Alias}", async () =>
            {
                var model = await registry.ResolveAsync(reference, cancellationToken);
                return new ModelChoice(Trained(model.Run), model);
            });
        }
        if (runId is { } id)
            return await CachedAsync($"run {id}", async () =>
                new ModelChoice(Trained(await runs.GetRunAsync(id, cancellationToken) ?? throw new ClassificationException($"There is no run number {id}.")), null));
        return await CachedAsync(DefaultKey, async () =>
        {
            if (await ProductionAsync(cancellationToken) is { } production && HasModel(production.Run))
                return new ModelChoice(production.Run, production);
            return new ModelChoice((await runs.SucceededAsync(cancellationToken)).FirstOrDefault() ?? throw new NoModelException(), null);
        });
    }

    /// <summary>The production alias promoted most recently across all models, or null when none is: what answers
    /// by default, and the only model label suggestions and active-learning scores use (they never fall back to a run).</summary>
    public async Task<ResolvedModel?> ProductionAsync(CancellationToken cancellationToken)
    {
        if (cache is not null && cache.TryGet(ProductionKey, out var known)) return known.Model;
        var generation = cache?.Generation ?? 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var latest = await ModelRegistry.LatestProductionAsync(db, cancellationToken);
        var production = latest is null ? null : await registry.ResolveAsync($"{latest.Value.Model}@{ModelAlias.Production}", cancellationToken);
        if (production is not null) cache?.Store(ProductionKey, generation, new ModelChoice(production.Run, production));
        return production;
    }

    /// <summary>The cached answer for <paramref name="key"/>, or <paramref name="resolve"/>'s (kept unless it throws).</summary>
    private async Task<ModelChoice> CachedAsync(string key, Func<Task<ModelChoice>> resolve)
    {
        if (cache is null) return await resolve();
        if (cache.TryGet(key, out var known)) return known;
        var generation = cache.Generation;
        var choice = await resolve();
        cache.Store(key, generation, choice);
        return choice;
    }

    private static bool HasModel(TrainingRun run) => run.State == RunState.Succeeded && run.ArtifactPath is not null;

    private static TrainingRun Trained(TrainingRun run) => HasModel(run) ? run
        : throw new ClassificationException($"Run {run.Id} has no trained model (it is {run.State.ToString().ToLowerInvariant()}).");
}
