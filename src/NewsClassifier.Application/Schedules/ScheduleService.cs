using Microsoft.EntityFrameworkCore;
using NewsClassifier.Data;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Schedules;

/// <summary>
/// Creates, edits, enables, disables and deletes schedules (deleting keeps the history), with every check done before
/// anything is saved, and tells the job system's timers (a <see cref="Notifier{T}"/> of <see cref="Schedule"/>). Reads for the pages,
/// the API and the CLI.
/// </summary>
public sealed class ScheduleService(IDbContextFactory<NewsDbContext> contexts, Notifier<Schedule> notifier, TimeProvider clock)
{
    public async Task<Schedule> CreateAsync(ScheduleRequest request, string createdBy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedule = new Schedule { Name = "", Recipe = "", ModelName = "", CreatedBy = createdBy, CreatedAt = clock.GetUtcNow().UtcDateTime };
        await ApplyAsync(db, schedule, request, cancellationToken);
        db.Schedules.Add(schedule);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(schedule);
        return schedule;
    }

    /// <summary>Replaces a schedule's settings. The frozen evaluation set stays unless its source (fraction or dataset) changed.</summary>
    public Task<Schedule> UpdateAsync(int id, ScheduleRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(id, async (db, schedule) =>
        {
            var (fraction, evaluationDataset, dataset) = (schedule.EvaluationFraction, schedule.EvaluationDatasetId, schedule.DatasetId);
            await ApplyAsync(db, schedule, request, cancellationToken);
            if (fraction != schedule.EvaluationFraction || evaluationDataset != schedule.EvaluationDatasetId || dataset != schedule.DatasetId)
            {
                await db.EvaluationArticles.Where(e => e.ScheduleId == id).ExecuteDeleteAsync(cancellationToken);
                schedule.EvaluationHash = null;
            }
        }, cancellationToken);

    public Task<Schedule> SetEnabledAsync(int id, bool enabled, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, schedule) =>
        {
            schedule.Enabled = enabled;
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Marks the schedule deleted (its timer goes, its firings and the runs they trained stay).</summary>
    public Task DeleteAsync(int id, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, schedule) =>
        {
            schedule.Deleted = true;
            schedule.Enabled = false;
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Loads a schedule that is not deleted, applies <paramref name="change"/>, saves, and tells the timers.</summary>
    private async Task<Schedule> ChangeAsync(int id, Func<NewsDbContext, Schedule, Task> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedule = await FindAsync(db, id, cancellationToken);
        await change(db, schedule);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(schedule);
        return schedule;
    }

    public async Task<IReadOnlyList<ScheduleSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedules = await db.Schedules.AsNoTracking().Where(s => !s.Deleted).OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var ids = schedules.Select(s => s.Id).ToList();
        var datasets = await db.Datasets.AsNoTracking().Where(d => schedules.Select(s => s.DatasetId).Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var latest = await db.ScheduleFirings.AsNoTracking().Where(f => ids.Contains(f.ScheduleId))
            .GroupBy(f => f.ScheduleId).Select(g => g.OrderByDescending(f => f.Id).First()).ToListAsync(cancellationToken);
        var running = await db.ScheduleFirings.AsNoTracking().Where(f => ids.Contains(f.ScheduleId) && f.State == FiringState.Running)
            .Select(f => f.ScheduleId).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return schedules.Select(s => new ScheduleSummary(s, datasets.GetValueOrDefault(s.DatasetId, "?"), NextFirings(s, now, 1) is [var next, ..] ? next : null,
            latest.FirstOrDefault(f => f.ScheduleId == s.Id), running.Contains(s.Id))).ToList();
    }

    public async Task<ScheduleDetails?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedule = await db.Schedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (schedule is null) return null;
        var dataset = await db.Datasets.AsNoTracking().Where(d => d.Id == schedule.DatasetId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
        var firings = await db.ScheduleFirings.AsNoTracking().Where(f => f.ScheduleId == id).OrderByDescending(f => f.Id).ToListAsync(cancellationToken);
        var evaluation = await db.EvaluationArticles.CountAsync(e => e.ScheduleId == id, cancellationToken);
        return new ScheduleDetails(schedule, dataset ?? "?", NextFirings(schedule, clock.GetUtcNow(), 5), firings, evaluation);
    }

    /// <summary>Every schedule, deleted ones included (the job system syncs its timers from these).</summary>
    public async Task<IReadOnlyList<Schedule>> AllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Schedules.AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>The next firings of a schedule's cron (none when it is disabled or has no cron).</summary>
    public static IReadOnlyList<DateTimeOffset> NextFirings(Schedule schedule, DateTimeOffset now, int count) =>
        schedule.Enabled && !schedule.Deleted && schedule.Cron is { } cron ? CronSchedule.Next(cron, schedule.TimeZone, now, count) : [];

    private static async Task<Schedule> FindAsync(NewsDbContext db, int id, CancellationToken cancellationToken) =>
        await db.Schedules.SingleOrDefaultAsync(s => s.Id == id && !s.Deleted, cancellationToken)
        ?? throw new ScheduleRequestException([$"There is no schedule number {id}."]);

    /// <summary>Checks every field of the request and copies it onto the schedule; nothing is saved when any check fails.</summary>
    private static async Task ApplyAsync(NewsDbContext db, Schedule schedule, ScheduleRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add("name: give the schedule a name.");
        else if (name.Length > Schedule.MaxNameLength) errors.Add($"name: longer than {Schedule.MaxNameLength} characters.");
        else if (await db.Schedules.AnyAsync(s => s.Name == name && !s.Deleted && s.Id != schedule.Id, cancellationToken))
            errors.Add($"name: a schedule named '{name}' exists already.");

        var dataset = request.DatasetId is { } datasetId
            ? await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == datasetId, cancellationToken)
            : await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Name == (request.DatasetName ?? "").Trim(), cancellationToken);
        if (dataset is null) errors.Add(request.DatasetId is { } n ? $"dataset: there is no dataset number {n}." : $"dataset: there is no dataset named '{request.DatasetName}'.");

        var recipe = request.Recipe?.Trim() ?? "";
        IReadOnlyDictionary<string, string> parameters = request.Parameters ?? new Dictionary<string, string>();
        if (request.ParametersFromRunId is { } runId)
        {
            var run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
            if (run is null) errors.Add($"parameters: there is no run number {runId} to copy from.");
            else if (recipe.Length > 0 && recipe != run.Recipe) errors.Add($"parameters: run {runId} used recipe '{run.Recipe}', not '{recipe}'.");
            else
            {
                recipe = run.Recipe;
                parameters = StoredJson.Deserialize<Dictionary<string, string>>(run.ParametersJson) ?? new();
            }
        }
        RecipeSettings? settings = null;
        if (!RecipeCatalog.IsKnown(recipe)) errors.Add($"recipe: unknown recipe '{recipe}'; choose one of: {string.Join(", ", RecipeCatalog.Names)}.");
        else
        {
            var parsed = RecipeCatalog.Parse(recipe, parameters);
            if (parsed.IsValid) settings = parsed.Value;
            else errors.AddRange(parsed.Errors.Select(e => $"parameters: {e}"));
        }

        var modelName = string.IsNullOrWhiteSpace(request.ModelName) ? name : request.ModelName.Trim();
        if (modelName.Length > RegisteredModel.MaxNameLength) errors.Add($"model: longer than {RegisteredModel.MaxNameLength} characters.");

        if (request.Cron is { Length: > 0 } cron && CronSchedule.Parse(cron).Error is { } cronError) errors.Add(cronError);
        if (CronSchedule.Zone(request.TimeZone).Error is { } zoneError) errors.Add(zoneError);
        if (request.MinNewLabels is < 1 or > 10_000_000) errors.Add("min_new_labels: give a number of at least 1.");

        var gate = request.Gate;
        if (gate.MinGain is < -1 or > 1 || double.IsNaN(gate.MinGain)) errors.Add("min_gain: give a value between -1 and 1 (0.005 = half a point).");
        if (gate.MaxClassDrop is < 0 or > 1 || double.IsNaN(gate.MaxClassDrop)) errors.Add("max_class_drop: give a value between 0 and 1.");
        if (gate.Alpha is <= 0 or > 1 || double.IsNaN(gate.Alpha)) errors.Add("alpha: give a significance level above 0 and at most 1 (1 turns the test off).");

        if (request.EvaluationDatasetId is { } evaluationId)
        {
            if (dataset is not null && evaluationId == dataset.Id) errors.Add("evaluation_dataset: must be another dataset than the one trained on (or use eval_fraction).");
            else if (!await db.Articles.AnyAsync(a => a.DatasetId == evaluationId && a.LabelId != null, cancellationToken))
                errors.Add($"evaluation_dataset: dataset {evaluationId} does not exist or has no labeled articles.");
        }
        else if (request.EvaluationFraction is <= 0 or > 0.5 || double.IsNaN(request.EvaluationFraction))
            errors.Add("eval_fraction: give a share above 0 and at most 0.5 of the labeled articles.");
        else if (dataset is not null && settings is not null)
        {
            var gold = await db.Articles.AsNoTracking().Where(a => a.DatasetId == dataset.Id && a.LabelId != null)
                .Select(a => a.LabelId!.Value).ToListAsync(cancellationToken);
            var (train, evaluation) = StratifiedSplit.Split(gold, request.EvaluationFraction, seed: 1);
            var trainClasses = train.Select(i => gold[i]).Distinct().Count();
            if (gold.Count == 0) errors.Add($"dataset: '{dataset.Name}' has no labeled articles yet to train and evaluate on.");
            else if (evaluation.Length == 0) errors.Add($"eval_fraction: {request.EvaluationFraction} of {gold.Count} labeled articles sets aside no evaluation article; give a larger share.");
            else if (trainClasses < 2 || train.Length < 4)
                errors.Add($"eval_fraction: setting aside {evaluation.Length} of {gold.Count} labeled articles leaves {train.Length} to train on, in {trainClasses} classes; a run needs at least two classes.");
        }
        if (errors.Count > 0) throw new ScheduleRequestException(errors);

        schedule.Name = name;
        schedule.DatasetId = dataset!.Id;
        schedule.Recipe = recipe;
        schedule.ParametersJson = StoredJson.Serialize(parameters);
        schedule.ParametersFromRunId = request.ParametersFromRunId;
        schedule.ModelName = modelName;
        schedule.Cron = string.IsNullOrWhiteSpace(request.Cron) ? null : request.Cron.Trim();
        schedule.TimeZone = string.IsNullOrWhiteSpace(request.TimeZone) ? "UTC" : request.TimeZone.Trim();
        schedule.MinNewLabels = request.MinNewLabels;
        schedule.EvaluationFraction = request.EvaluationDatasetId is null ? request.EvaluationFraction : 0;
        schedule.EvaluationDatasetId = request.EvaluationDatasetId;
        schedule.Gate = new GateSettings
        {
            Metric = gate.Metric, MinGain = gate.MinGain, MaxClassDrop = gate.MaxClassDrop, Alpha = gate.Alpha, NeedsApproval = gate.NeedsApproval,
        };
        schedule.Enabled = request.Enabled;
    }
}
