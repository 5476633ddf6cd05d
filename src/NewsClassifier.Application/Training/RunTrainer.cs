using NewsClassifier.Application.Leases;
using NewsClassifier.Application.Resources;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Snapshots;
using NewsClassifier.Domain.Leases;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Baseline;
using NewsClassifier.ML.Runtime;
using NewsClassifier.ML.Training;
using NewsClassifier.ML.Training.Resume;

namespace NewsClassifier.Application.Training;

/// <summary>
/// Trains one queued run: loads (or freezes) its snapshot, trains the recipe, records metrics, the model folder and the
/// validation predictions. The web app runs it as a background job (NewsClassifier.Jobs' TrainingJob); the CLI's
/// <c>train</c> calls <see cref="TrainAsync"/> in-process, so both train with the same code. Either way the run is held by
/// a lease while it trains (<see cref="WorkLeases"/>), so two processes never train the same run at once.
/// </summary>
public sealed class RunTrainer(
    IDbContextFactory<NewsDbContext> contexts,
    DataPaths paths,
    SnapshotService snapshots,
    Notifier<RunProgress> notifier,
    ResourceBudget budget,
    WorkLeases leases,
    FinalStateWriter finalState,
    TimeProvider clock,
    ILogger<RunTrainer> logger)
{
    /// <param name="cancellationToken">The host is stopping: the run stops after its current step and goes back to the queue.</param>
    /// <param name="userCancel">The person who started it cancels it (the CLI's Ctrl+C): the run ends Cancelled. In the web app a
    /// user's cancel arrives through the run's row instead (RunLauncher.CancelAsync).</param>
    public async Task TrainAsync(int runId, CancellationToken cancellationToken, CancellationToken userCancel = default)
    {
        // Taken before the row is read or set Running: a run another live process trains (the CLI, a second web
        // server) is left exactly as it is. Released when this call ends, however it ends.
        await using var lease = await leases.TryAcquireAsync(WorkKinds.Training, runId, cancellationToken);
        if (lease is null)
        {
            var holder = await leases.LiveHolderAsync(WorkKinds.Training, runId, cancellationToken);
            logger.LogWarning("Run {RunId} is being trained by another process ({Owner}); this job leaves it alone", runId, holder?.Owner ?? "unknown");
            return;
        }
        await TrainHeldAsync(runId, lease, cancellationToken, userCancel);
    }

    private async Task TrainHeldAsync(int runId, LeaseHeartbeat lease, CancellationToken cancellationToken, CancellationToken userCancel)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.TrainingRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.IsFinished)
        {
            logger.LogInformation("Run {RunId} is gone or finished; nothing to do", runId);
            return;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, userCancel, lease.Lost);
        var recorder = new RunRecorder(db, run, notifier, cancel, clock);
        try
        {
            if (run.CancelRequested) throw new OperationCanceledException();
            var overrides = StoredJson.Deserialize<Dictionary<string, string>>(run.ParametersJson);
            var parsed = RecipeCatalog.Parse(run.Recipe, overrides);
            if (!parsed.IsValid) throw new ArgumentException(string.Join(" ", parsed.Errors));

            await StartAsync(db, run, cancellationToken);
            var settings = parsed.Value!;
            // The run's data is frozen in a snapshot; a restarted run reloads the same one.
            var frozen = run.SnapshotId is { } snapshotId
                ? await snapshots.LoadAsync(snapshotId, cancellationToken)
                : await snapshots.CreateOrReuseAsync(run.DatasetId, settings.ValidationFraction, settings.Seed, cancellationToken);
            run.SnapshotId = frozen.Snapshot.Id;
            run.TrainArticles = frozen.Train.Length;
            run.ValidationArticles = frozen.Validation.Length;
            recorder.OnLog($"Training '{run.Recipe}' on '{run.DatasetName}' snapshot {frozen.Snapshot.ShortHash}: " +
                           $"{frozen.Data.Texts.Count:N0} labeled articles, {frozen.Data.LabelNames.Count} classes.");
            recorder.Flush();

            // Sized again right before building: the run may have been queued before the budget was lowered, or by an older version.
            budget.EnsureTraining(RecipeCatalog.Estimate(settings, frozen.Data.LabelNames.Count));
            var artifacts = paths.RunDirectory(run.Id);
            var result = RecipeCatalog.Train(settings, frozen.Data, frozen.Train, frozen.Validation, artifacts, recorder, cancel.Token, paths.CacheDirectory);
            Complete(run, result);
            await StorePredictionsAsync(db, run, result.ModelDirectory, frozen, cancellationToken);
            recorder.OnLog($"Best epoch {result.Best.Epoch}: validation accuracy {result.Best.ValidationAccuracy:P2}, macro-F1 {result.Best.Validation.MacroF1:F3}.");
        }
        catch (OperationCanceledException) when (lease.IsLost)
        {
            // Another process took the run over (this one's heartbeat failed for longer than a lease lasts): the row is
            // theirs now, so nothing of this attempt is written.
            logger.LogWarning("Run {RunId} stopped: its lease was taken over by another process; this attempt writes nothing more", run.Id);
            return;
        }
        catch (OperationCanceledException)
        {
            if (cancellationToken.IsCancellationRequested && !userCancel.IsCancellationRequested && !await CancelRequestedAsync(run.Id))
            {
                // The host is stopping (a deploy, a restart), not a user's cancel: the run goes back to the queue, and the
                // next start's recovery trains it again.
                run.State = RunState.Queued;
                run.Attempts--; // a graceful stop is not a crash: recovery must not count it against the run
                recorder.OnLog("The server stopped during this run; it goes back to the queue and continues at the next start.");
                await SaveFinalStateAsync(run, recorder);
                return;
            }
            run.State = RunState.Cancelled;
            run.StopReason = "Cancelled by a user.";
            recorder.OnLog("Cancelled.");
            DeleteArtifacts(run);
        }
        catch (ArgumentException e)
        {
            // Data or parameters the trainer refuses (too few articles for a split, ...): the user can fix it.
            run.State = RunState.Failed;
            run.Error = e.Message;
            recorder.OnLog($"Failed: {e.Message}");
        }
        catch (Exception e)
        {
            run.State = RunState.Failed;
            run.Error = $"The run failed unexpectedly: {e.Message}";
            recorder.OnLog(run.Error);
            logger.LogError(e, "Run {RunId} failed unexpectedly", run.Id);
            await FinishAsync(run, recorder);
            throw; // Hangfire's dashboard keeps the stack trace
        }
        await FinishAsync(run, recorder);
        if (run.State == RunState.Succeeded) DeleteResumeState(run);
    }

    /// <summary>
    /// A succeeded run needs no resume state (a bert-base one with AdamW moments is over 1 GB); <c>model/</c> stays.
    /// Deleted only once Succeeded is stored: a crash before that resumes instead of training from the start.
    /// </summary>
    private void DeleteResumeState(TrainingRun run)
    {
        try
        {
            ResumeCheckpoint.Delete(paths.RunDirectory(run.Id));
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the resume checkpoint of run {RunId}", run.Id);
        }
    }

    /// <summary>Read afresh: the tracked row does not see a cancel a user asked for while the run trained.</summary>
    private async Task<bool> CancelRequestedAsync(int runId)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.TrainingRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => r.CancelRequested).SingleOrDefaultAsync();
    }

    /// <summary>A cancelled run keeps no files: its last-epoch checkpoint would be an orphan nothing points to.</summary>
    private void DeleteArtifacts(TrainingRun run)
    {
        var folder = paths.RunDirectory(run.Id);
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Could not delete the files of cancelled run {RunId} ({Folder})", run.Id, folder);
        }
    }

    private Task FinishAsync(TrainingRun run, RunRecorder recorder)
    {
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        return SaveFinalStateAsync(run, recorder);
    }

    /// <summary>Saves the run's end (or its return to the queue) through the job's context, or, when that context fails
    /// (its SaveChanges throws), through a fresh one: a run never stays "Running" until a restart.</summary>
    private async Task SaveFinalStateAsync(TrainingRun run, RunRecorder recorder)
    {
        try
        {
            recorder.Flush();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Run {RunId}: the job's context could not save its final state ({State}); writing it through a fresh context", run.Id, run.State);
            var note = new RunLogEntry(run.Id, clock.GetUtcNow().UtcDateTime,
                $"The run's last write failed ({e.Message}); its state ({run.State}) was recorded separately and the latest log lines may be missing.");
            if (await finalState.WriteAsync(run, e, note))
                notifier.Publish(new RunProgress(run.Id, run.State, run.Epoch, run.Epochs, run.Step, run.TotalSteps, run.LastLoss,
                    run.Duration ?? TimeSpan.Zero, [], [note]));
        }
    }

    private async Task StartAsync(NewsDbContext db, TrainingRun run, CancellationToken cancellationToken)
    {
        // Counted before anything can allocate (saved below): if this attempt takes the process down, recovery knows.
        // First, so a host stop during the delete below finds it counted and takes it back.
        run.Attempts++;
        // A Torch run interrupted after a complete epoch resumes from its checkpoint (the epoch loop says so in the log):
        // keep the series up to it and drop what the interrupted attempt recorded after it, so each epoch is there once.
        // Anything else starts over.
        var resume = RecipeCatalog.UsesTorch(run.Recipe) ? ResumeCheckpoint.Peek(paths.RunDirectory(run.Id)) : null;
        if (resume is null)
            await db.RunMetrics.Where(m => m.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        else
            await db.RunMetrics.Where(m => m.RunId == run.Id && (m.Name == RunMetricNames.StepLoss ? m.Step > resume.GlobalStep : m.Step > resume.Epoch))
                .ExecuteDeleteAsync(cancellationToken);
        run.State = RunState.Running;
        run.StartedAt = clock.GetUtcNow().UtcDateTime;
        run.Step = resume?.GlobalStep ?? 0;
        run.Epoch = resume?.Epoch ?? 0;
        if (RecipeCatalog.UsesTorch(run.Recipe))
        {
            var torch = TorchRuntime.Initialize();
            run.Device = torch.Device;
            run.LibraryVersions = $"TorchSharp {torch.TorchSharpVersion}; libtorch backend {TorchRuntime.BuildBackend}; .NET {Environment.Version}";
        }
        else
        {
            run.Device = "cpu";
            run.LibraryVersions = $"{TfidfBaselineTrainer.LibraryVersion}; .NET {Environment.Version}";
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Complete(TrainingRun run, TrainingResult result)
    {
        run.State = RunState.Succeeded;
        run.BestEpoch = result.Best.Epoch;
        run.ValidationAccuracy = result.Best.ValidationAccuracy;
        run.ValidationMacroF1 = result.Best.Validation.MacroF1;
        run.ValidationLoss = result.Best.ValidationLoss;
        run.ArticlesPerSecond = result.ArticlesPerSecond;
        run.EvaluationJson = StoredJson.Serialize(result.Best.Validation);
        run.SummaryJson = StoredJson.Serialize(result.Summary.Layers);
        run.TotalParameters = result.Summary.TotalParameters;
        run.ArtifactPath = result.ModelDirectory;
        run.StopReason = result.StopReason;
        run.Step = run.TotalSteps;
    }

    /// <summary>The final model's prediction for every validation article, for error analysis and comparing runs.</summary>
    private static async Task StorePredictionsAsync(NewsDbContext db, TrainingRun run, string modelDirectory, SnapshotData frozen,
        CancellationToken cancellationToken)
    {
        using var predictor = RecipeCatalog.Load(modelDirectory);
        var texts = frozen.Validation.Select(i => frozen.Data.Texts[i]).ToList();
        var predictions = predictor.PredictBatch(texts);
        await db.RunPredictions.Where(p => p.RunId == run.Id).ExecuteDeleteAsync(cancellationToken);
        db.RunPredictions.AddRange(frozen.Validation.Select((i, k) => new RunPrediction(
            run.Id, frozen.ArticleIds[i], frozen.Data.Labels[i], predictions[k].PredictedIndex, predictions[k].Confidence)));
    }
}
