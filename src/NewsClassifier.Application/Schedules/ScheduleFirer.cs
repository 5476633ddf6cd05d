using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Leases;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Snapshots;
using NewsClassifier.Application.Training;
using NewsClassifier.Application.Webhooks;
using NewsClassifier.Data;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.Domain.Webhooks;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Schedules;

/// <summary>
/// One firing of a schedule, start to decision: claim the schedule (one firing at a time, decided by a unique index),
/// freeze or load the evaluation set, take a snapshot without those articles, skip when it is the champion's, train a
/// challenger as an ordinary run, score champion and challenger on the evaluation set, apply the gate, promote (or stage
/// for approval) and record everything. Runs in the background job on the training queue, or in-process for the CLI;
/// either way the firing is held by a lease until it decides, so a restart of the web app does not close a firing the
/// CLI is still running.
/// </summary>
public sealed class ScheduleFirer(
    IDbContextFactory<NewsDbContext> contexts,
    EvaluationSets evaluationSets,
    SnapshotService snapshots,
    TrainingRequests trainingRequests,
    RunTrainer trainer,
    ModelRegistry registry,
    WorkLeases leases,
    WebhookPublisher webhooks,
    TimeProvider clock,
    ILogger<ScheduleFirer> logger)
{
    public async Task<ScheduleFiring> FireAsync(int scheduleId, FiringTrigger trigger, string startedBy, CancellationToken cancellationToken)
    {
        var clockStart = Stopwatch.StartNew();
        // Keyed by the schedule (one firing at a time per schedule) and taken before the firing is inserted as Running,
        // so recovery in another process never sees the running firing without its live holder.
        await using var lease = await leases.TryAcquireAsync(WorkKinds.Firing, scheduleId, cancellationToken);
        var firing = await ClaimAsync(scheduleId, trigger, startedBy, leaseHeld: lease is not null, cancellationToken);
        if (firing.State != FiringState.Running || lease is null) return firing;
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        try
        {
            await DecideAsync(firing, work.Token);
        }
        catch (OperationCanceledException) when (lease.IsLost)
        {
            logger.LogWarning("Firing {FiringId} of schedule {ScheduleId} stopped: its lease was taken over by another process; it writes nothing more", firing.Id, scheduleId);
            return firing;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            firing.State = FiringState.Interrupted;
            firing.Reason = "Interrupted before it decided (the server stopped or the job was cancelled).";
        }
        catch (Exception e) when (e is ScheduleFiringException or TrainingRequestException or RegistryException or ArgumentException or InvalidDataException)
        {
            Fail(firing, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Firing {FiringId} of schedule {ScheduleId} failed unexpectedly", firing.Id, scheduleId);
            Fail(firing, $"The firing failed unexpectedly: {e.Message}");
        }
        if (firing.State == FiringState.Running) firing.State = FiringState.Finished;
        firing.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await SaveAsync(firing);
        if (firing.Decision is not null) webhooks.Publish(WebhookEvents.ScheduleDecision, WebhookPayloads.Firing(firing.Id));
        logger.LogInformation("Schedule {ScheduleId} firing {FiringId} ({Trigger}): {Decision} in {Seconds:F1}s: {Reason}",
            scheduleId, firing.Id, trigger, firing.Decision, clockStart.Elapsed.TotalSeconds, firing.Reason);
        return firing;
    }

    /// <summary>Inserts the firing as Running; when another firing of the schedule is running the unique index refuses
    /// it (or another live process holds the schedule's firing lease), and the trigger is recorded as skipped instead.</summary>
    private async Task<ScheduleFiring> ClaimAsync(int scheduleId, FiringTrigger trigger, string startedBy, bool leaseHeld, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedule = await db.Schedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken)
            ?? throw new ScheduleRequestException([$"There is no schedule number {scheduleId}."]);
        var firing = new ScheduleFiring { ScheduleId = scheduleId, Trigger = trigger, StartedBy = startedBy, StartedAt = now, State = FiringState.Running };
        if (schedule.Deleted || (!schedule.Enabled && trigger != FiringTrigger.Manual))
            return await RecordSkipAsync(db, firing, schedule.Deleted ? "Skipped: the schedule is deleted." : "Skipped: the schedule is disabled.", cancellationToken);
        if (!leaseHeld)
            return await RecordSkipAsync(db, firing, "Skipped: already running (another process is firing this schedule).", cancellationToken);
        db.ScheduleFirings.Add(firing);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return firing;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.ScheduleFirings.AnyAsync(f => f.ScheduleId == scheduleId && f.State == FiringState.Running, cancellationToken)) throw;
            firing.Id = 0;
            return await RecordSkipAsync(db, firing, "Skipped: already running (another firing of this schedule has not finished).", cancellationToken);
        }
    }

    private async Task<ScheduleFiring> RecordSkipAsync(NewsDbContext db, ScheduleFiring firing, string reason, CancellationToken cancellationToken)
    {
        firing.State = FiringState.Finished;
        firing.Decision = FiringDecision.Skipped;
        firing.Reason = reason;
        firing.FinishedAt = clock.GetUtcNow().UtcDateTime;
        db.ScheduleFirings.Add(firing);
        await db.SaveChangesAsync(cancellationToken);
        return firing;
    }

    private async Task DecideAsync(ScheduleFiring firing, CancellationToken cancellationToken)
    {
        Schedule schedule;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            schedule = await db.Schedules.AsNoTracking().SingleAsync(s => s.Id == firing.ScheduleId, cancellationToken);

        var evaluation = await evaluationSets.FreezeOrLoadAsync(schedule.Id, cancellationToken);
        firing.EvaluationArticles = evaluation.ArticleIds.Count;
        var overrides = StoredJson.Deserialize<Dictionary<string, string>>(schedule.ParametersJson) ?? new();
        var parsed = RecipeCatalog.Parse(schedule.Recipe, overrides);
        if (!parsed.IsValid) throw new ScheduleFiringException("The schedule's parameters are no longer valid: " + string.Join(" ", parsed.Errors));
        var snapshot = await snapshots.CreateOrReuseAsync(schedule.DatasetId, parsed.Value!.ValidationFraction, parsed.Value.Seed, cancellationToken, evaluation.Ids);
        firing.SnapshotId = snapshot.Snapshot.Id;
        firing.SnapshotHash = snapshot.Snapshot.ContentHash;

        var champion = await ChampionAsync(schedule.ModelName, cancellationToken);
        firing.Champion = champion is null ? null : $"{champion.ModelName}:{champion.Version.Version}"; // "name:version", as ScheduleFiring documents
        if (champion is not null && await TrainedOnAsync(champion.Run) == snapshot.Snapshot.ContentHash)
        {
            firing.Decision = FiringDecision.Skipped;
            firing.Reason = $"Skipped: no new data (snapshot {snapshot.Snapshot.ShortHash} is the one {champion.Display} was trained on).";
            return;
        }
        await SaveAsync(firing);

        var run = await trainingRequests.CreateRunAsync(new TrainingRequest(schedule.DatasetId, schedule.Recipe, overrides, StartedBy: $"schedule:{schedule.Name}"), cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.Attach(run);
            run.SnapshotId = snapshot.Snapshot.Id; // the exact snapshot the firing took, evaluation articles left out
            run.Tags = $"schedule:{schedule.Name}";
            await db.SaveChangesAsync(cancellationToken);
        }
        firing.RunId = run.Id;
        await SaveAsync(firing);
        await trainer.TrainAsync(run.Id, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        TrainingRun trained;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            trained = await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == run.Id, cancellationToken);
        if (trained.State != RunState.Succeeded || trained.ArtifactPath is null)
            throw new ScheduleFiringException($"The challenger run #{run.Id} ended {trained.State.ToString().ToLowerInvariant()}: {trained.Error ?? trained.StopReason ?? "no model"}; production is unchanged.");

        var challengerName = $"run #{run.Id}";
        var challengerPredicted = Predict(trained.ArtifactPath, evaluation, challengerName);
        var championPredicted = champion is null ? null : Predict(champion.Version.ArtifactPath ?? champion.Run.ArtifactPath ?? "", evaluation, champion.Display);
        var decision = PromotionGate.Decide(schedule.Gate, evaluation.Truth, evaluation.Labels, challengerName, challengerPredicted,
            champion?.Display, championPredicted);
        firing.ChallengerMetricsJson = JsonSerializer.Serialize(decision.Challenger);
        firing.ChampionMetricsJson = decision.Champion is null ? null : JsonSerializer.Serialize(decision.Champion);
        firing.PValue = decision.PValue;
        firing.Reason = decision.Reason;
        if (!decision.Passed)
        {
            firing.Decision = FiringDecision.Rejected;
            return;
        }

        var who = $"schedule:{schedule.Name}";
        var version = await registry.RegisterAsync(run.Id, schedule.ModelName, who, cancellationToken);
        firing.Challenger = $"{schedule.ModelName}:{version.Version}";
        firing.ChallengerVersion = version.Version;
        var alias = schedule.Gate.NeedsApproval ? ModelAlias.Staging : ModelAlias.Production;
        await registry.SetAliasAsync(schedule.ModelName, alias, version.Version, who, $"Firing {firing.Id}: {decision.Reason}", cancellationToken);
        firing.Decision = schedule.Gate.NeedsApproval ? FiringDecision.PendingApproval : FiringDecision.Promoted;
        if (schedule.Gate.NeedsApproval) firing.Reason = $"Passed the gate; {firing.Challenger} is on staging and waits for a Scientist's approval. {decision.Reason}";
    }

    /// <summary>The production version of the schedule's model, or null when the model or its alias does not exist yet.</summary>
    private async Task<ResolvedModel?> ChampionAsync(string modelName, CancellationToken cancellationToken)
    {
        var model = await registry.GetAsync(modelName, cancellationToken);
        if (model?.VersionOf(ModelAlias.Production) is not { } number) return null;
        var version = model.Versions.Single(v => v.Version.Version == number);
        return version.Run is null ? null : new ResolvedModel(modelName, version.Version, version.Run, ModelAlias.Production);
    }

    private async Task<string?> TrainedOnAsync(TrainingRun run)
    {
        if (run.SnapshotId is not { } id) return null;
        await using var db = await contexts.CreateDbContextAsync();
        return await db.DatasetSnapshots.AsNoTracking().Where(s => s.Id == id).Select(s => s.ContentHash).SingleOrDefaultAsync();
    }

    /// <summary>Each evaluation article's predicted class as an ordinal of the evaluation labels. A model whose classes are
    /// not the evaluation set's cannot be compared on it, and the firing says so.</summary>
    private static int[] Predict(string modelDirectory, EvaluationSet evaluation, string who)
    {
        if (!Directory.Exists(modelDirectory)) throw new ScheduleFiringException($"The model files of {who} are missing ({modelDirectory}).");
        using var classifier = RecipeCatalog.Load(modelDirectory);
        if (!classifier.LabelNames.OrderBy(l => l, StringComparer.Ordinal).SequenceEqual(evaluation.Labels.OrderBy(l => l, StringComparer.Ordinal)))
            throw new ScheduleFiringException($"{who} predicts {string.Join(", ", classifier.LabelNames)}, not the evaluation labels ({string.Join(", ", evaluation.Labels)}).");
        var map = classifier.LabelNames.Select(l => evaluation.Labels.ToList().IndexOf(l)).ToArray();
        var predicted = new int[evaluation.Texts.Count];
        const int batch = 64;
        for (int start = 0; start < predicted.Length; start += batch)
        {
            var texts = evaluation.Texts.Skip(start).Take(batch).ToList();
            var predictions = classifier.PredictBatch(texts);
            for (int i = 0; i < predictions.Count; i++) predicted[start + i] = map[predictions[i].PredictedIndex];
        }
        return predicted;
    }

    private static void Fail(ScheduleFiring firing, string reason)
    {
        firing.Decision = FiringDecision.Failed;
        firing.Reason = reason;
    }

    /// <summary>Through a fresh context, so a firing's record survives a failed step.</summary>
    private async Task SaveAsync(ScheduleFiring firing)
    {
        await using var db = await contexts.CreateDbContextAsync();
        db.ScheduleFirings.Update(firing);
        await db.SaveChangesAsync();
    }
}
