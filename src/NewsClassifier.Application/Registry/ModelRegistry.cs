using System.Text.RegularExpressions;
using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Webhooks;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Domain.Webhooks;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Registry;

/// <summary>
/// Named models whose versions point at runs, with movable <c>production</c>/<c>staging</c> aliases.
/// Every alias move is recorded (who, when, why, from/to version and the new version's metrics),
/// so "which model served on that day, and why" can be answered later. Every write clears the resolved classify
/// choices (<see cref="ModelChoiceCache"/>): the next request sees the new version or alias.
/// </summary>
public sealed partial class ModelRegistry(IDbContextFactory<NewsDbContext> contexts, TimeProvider clock, Notifier<ProductionAliasChange>? productionChanges = null,
    ModelChoiceCache? choices = null,
    WebhookPublisher? webhooks = null)
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    /// <summary>Registers a succeeded run's model as the next version of <paramref name="modelName"/> (created on first use).</summary>
    public async Task<ModelVersion> RegisterAsync(int runId, string modelName, string createdBy, CancellationToken cancellationToken)
    {
        var name = CheckName(modelName);
        for (int attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
                ?? throw new RegistryException($"There is no run number {runId}.");
            if (run.State != RunState.Succeeded || run.ArtifactPath is null)
                throw new RegistryException($"Run {runId} has no trained model to register (it is {run.State.ToString().ToLowerInvariant()}).");

            var now = clock.GetUtcNow().UtcDateTime;
            var model = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == name, cancellationToken);
            if (model is null)
            {
                model = new RegisteredModel { Name = name, CreatedAt = now };
                db.RegisteredModels.Add(model);
            }
            var last = model.Id == 0 ? 0
                : await db.ModelVersions.Where(v => v.RegisteredModelId == model.Id).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0;
            var version = new ModelVersion
            {
                Version = last + 1,
                RunId = run.Id,
                CreatedAt = now,
                CreatedBy = Who(createdBy),
                ValidationAccuracy = run.ValidationAccuracy,
                ValidationMacroF1 = run.ValidationMacroF1,
                ArtifactPath = run.ArtifactPath,
            };
            model.Versions.Add(version);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                choices?.Invalidate();
                return version;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Two registrations of the same name raced for a version number (unique index): count again.
            }
        }
    }

    /// <summary>Points <paramref name="alias"/> of a model at one of its versions and records why.</summary>
    public async Task<AliasChange> SetAliasAsync(string modelName, string alias, int version, string changedBy, string reason, CancellationToken cancellationToken)
    {
        alias = CheckAlias(alias);
        if (string.IsNullOrWhiteSpace(reason)) throw new RegistryException("Say why the alias moves (the reason is kept in the audit log).");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var model = await FindAsync(db, modelName, cancellationToken);
        var target = model.Versions.SingleOrDefault(v => v.Version == version)
            ?? throw new RegistryException($"{model.Name} has no version {version}.");
        var current = model.Aliases.SingleOrDefault(a => a.Alias == alias);
        int? from = current is null ? null : model.Versions.Single(v => v.Id == current.ModelVersionId).Version;
        if (from == version) throw new RegistryException($"{model.Name}@{alias} is already version {version}.");

        if (current is null) model.Aliases.Add(new ModelAlias { Alias = alias, ModelVersionId = target.Id });
        else current.ModelVersionId = target.Id;
        return await SaveAliasChangeAsync(db, model, alias, from, version, changedBy, reason, await MetricsJsonAsync(db, target, cancellationToken),
            cancellationToken);
    }

    /// <summary>Removes an alias (recorded in the audit log with no target version).</summary>
    public async Task<AliasChange> RemoveAliasAsync(string modelName, string alias, string changedBy, string reason, CancellationToken cancellationToken)
    {
        alias = CheckAlias(alias);
        if (string.IsNullOrWhiteSpace(reason)) throw new RegistryException("Say why the alias is removed (the reason is kept in the audit log).");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var model = await FindAsync(db, modelName, cancellationToken);
        var current = model.Aliases.SingleOrDefault(a => a.Alias == alias)
            ?? throw new RegistryException($"{model.Name} has no {alias} alias.");
        db.ModelAliases.Remove(current);
        return await SaveAliasChangeAsync(db, model, alias, model.Versions.Single(v => v.Id == current.ModelVersionId).Version, null, changedBy, reason,
            null, cancellationToken);
    }

    /// <summary>Saves the alias move with its audit row, then tells whoever answers by aliases: the resolved-model cache,
    /// the production watchers (label suggestions, scoring) and the webhooks.</summary>
    private async Task<AliasChange> SaveAliasChangeAsync(NewsDbContext db, RegisteredModel model, string alias, int? from, int? to, string changedBy,
        string reason, string? metricsJson, CancellationToken cancellationToken)
    {
        var change = new AliasChange
        {
            RegisteredModelId = model.Id, Alias = alias, FromVersion = from, ToVersion = to,
            ChangedBy = Who(changedBy), ChangedAt = clock.GetUtcNow().UtcDateTime, Reason = reason.Trim(), MetricsJson = metricsJson,
        };
        db.AliasChanges.Add(change);
        await db.SaveChangesAsync(cancellationToken);
        choices?.Invalidate();
        if (alias == ModelAlias.Production) productionChanges?.Publish(new ProductionAliasChange(model.Name));
        webhooks?.Publish(WebhookEvents.AliasMoved, WebhookPayloads.Alias(model.Name, change));
        return change;
    }

    /// <summary>All models, by name, with their versions (newest first) and aliases.</summary>
    public async Task<IReadOnlyList<ModelInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var models = await db.RegisteredModels.AsNoTracking().Include(m => m.Versions).Include(m => m.Aliases)
            .OrderBy(m => m.Name).AsSplitQuery().ToListAsync(cancellationToken);
        var runIds = models.SelectMany(m => m.Versions).Select(v => v.RunId).Distinct().ToList();
        var runs = await db.TrainingRuns.AsNoTracking().Where(r => runIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        return models.Select(m => ToInfo(m, runs)).ToList();
    }

    public async Task<ModelInfo?> GetAsync(string modelName, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var model = await db.RegisteredModels.AsNoTracking().Include(m => m.Versions).Include(m => m.Aliases)
            .AsSplitQuery().SingleOrDefaultAsync(m => m.Name == modelName.Trim(), cancellationToken);
        if (model is null) return null;
        var runIds = model.Versions.Select(v => v.RunId).ToList();
        var runs = await db.TrainingRuns.AsNoTracking().Where(r => runIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        return ToInfo(model, runs);
    }

    /// <summary>The alias moves of a model, newest first.</summary>
    public async Task<IReadOnlyList<AliasChange>> AuditAsync(string modelName, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var model = await db.RegisteredModels.AsNoTracking().SingleOrDefaultAsync(m => m.Name == modelName.Trim(), cancellationToken)
            ?? throw new RegistryException($"There is no model named {modelName.Trim()}.");
        return await db.AliasChanges.AsNoTracking().Where(c => c.RegisteredModelId == model.Id)
            .OrderByDescending(c => c.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Resolves <c>name</c> (its production alias), <c>name@alias</c> or <c>name:version</c> to a version and its run.</summary>
    public async Task<ResolvedModel> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        var parsed = ModelReference.Parse(reference);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var model = await FindAsync(db, parsed.Name, cancellationToken);
        ModelVersion version;
        if (parsed.Version is { } number)
        {
            version = model.Versions.SingleOrDefault(v => v.Version == number) ?? throw new RegistryException($"{model.Name} has no version {number}.");
        }
        else
        {
            var alias = model.Aliases.SingleOrDefault(a => a.Alias == parsed.Alias)
                ?? throw new RegistryException($"{model.Name} has no {parsed.Alias} alias.");
            version = model.Versions.Single(v => v.Id == alias.ModelVersionId);
        }
        var run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == version.RunId, cancellationToken)
            ?? throw new RegistryException($"The run behind {model.Name}:{version.Version} is gone.");
        return new ResolvedModel(model.Name, version, run, parsed.Alias);
    }

    /// <summary>The models and versions whose versions point at a run (to say which registered model answered).</summary>
    public async Task<IReadOnlyList<string>> NamesForRunAsync(int runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await (from v in db.ModelVersions.AsNoTracking()
                      join m in db.RegisteredModels on v.RegisteredModelId equals m.Id
                      where v.RunId == runId
                      orderby m.Name, v.Version
                      select m.Name + ":" + v.Version).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The model name, version and run behind the production alias that was moved last (by audit entry id,
    /// which grows with time), or null when no model has one. Shared with <c>ModelResolver</c>, which decides what classifies.
    /// </summary>
    internal static async Task<(string Model, int Version, int RunId)?> LatestProductionAsync(NewsDbContext db, CancellationToken cancellationToken)
    {
        var rows = await (from a in db.ModelAliases.AsNoTracking()
                          where a.Alias == ModelAlias.Production
                          join v in db.ModelVersions on a.ModelVersionId equals v.Id
                          join m in db.RegisteredModels on a.RegisteredModelId equals m.Id
                          select new
                          {
                              m.Name, v.Version, v.RunId,
                              Moved = db.AliasChanges.Where(c => c.RegisteredModelId == m.Id && c.Alias == ModelAlias.Production).Max(c => (long?)c.Id) ?? 0,
                          }).ToListAsync(cancellationToken);
        var latest = rows.OrderByDescending(r => r.Moved).FirstOrDefault();
        return latest is null ? null : (latest.Name, latest.Version, latest.RunId);
    }

    internal static string CheckName(string? modelName)
    {
        var name = modelName?.Trim() ?? "";
        if (name.Length == 0) throw new RegistryException("Give the model a name.");
        if (name.Length > RegisteredModel.MaxNameLength) throw new RegistryException($"A model name has at most {RegisteredModel.MaxNameLength} characters.");
        if (!NamePattern().IsMatch(name))
            throw new RegistryException($"'{name}' is not a model name: use letters, digits, '.', '_' and '-' (starting with a letter or digit).");
        return name;
    }

    private static string CheckAlias(string alias)
    {
        var a = alias?.Trim().ToLowerInvariant() ?? "";
        return ModelAlias.Known.Contains(a) ? a : throw new RegistryException($"'{alias}' is not an alias: use {string.Join(" or ", ModelAlias.Known)}.");
    }

    private static string Who(string? name) => string.IsNullOrWhiteSpace(name) ? "web" : name.Trim()[..Math.Min(name.Trim().Length, 100)];

    private static async Task<RegisteredModel> FindAsync(NewsDbContext db, string modelName, CancellationToken cancellationToken)
    {
        var name = modelName?.Trim() ?? "";
        return await db.RegisteredModels.Include(m => m.Versions).Include(m => m.Aliases).AsSplitQuery()
                   .SingleOrDefaultAsync(m => m.Name == name, cancellationToken)
               ?? throw new RegistryException($"There is no model named {name}.");
    }

    /// <summary>The new version's metrics at the moment of the move, so the audit log still says what was promoted
    /// if the run is later re-evaluated or deleted.</summary>
    private static async Task<string> MetricsJsonAsync(NewsDbContext db, ModelVersion version, CancellationToken cancellationToken)
    {
        var run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == version.RunId, cancellationToken);
        var evaluation = StoredJson.Deserialize<ClassificationMetrics>(run?.EvaluationJson);
        return StoredJson.Serialize(new
        {
            version.Version,
            version.RunId,
            Recipe = run?.Recipe,
            Accuracy = version.ValidationAccuracy ?? run?.ValidationAccuracy,
            MacroF1 = version.ValidationMacroF1 ?? run?.ValidationMacroF1,
            ValidationLoss = run?.ValidationLoss,
            PerClassF1 = evaluation?.PerClass.ToDictionary(c => c.Label, c => Math.Round(c.F1, 4)),
        });
    }

    private static ModelInfo ToInfo(RegisteredModel model, IReadOnlyDictionary<int, TrainingRun> runs)
    {
        var byVersionId = model.Versions.ToDictionary(v => v.Id);
        var aliases = model.Aliases.ToDictionary(a => a.Alias, a => byVersionId[a.ModelVersionId].Version);
        var versions = model.Versions.OrderByDescending(v => v.Version)
            .Select(v => new ModelVersionInfo(v, runs.GetValueOrDefault(v.RunId),
                aliases.Where(a => a.Value == v.Version).Select(a => a.Key).OrderBy(a => a).ToList()))
            .ToList();
        return new ModelInfo(model, versions, aliases);
    }
}
