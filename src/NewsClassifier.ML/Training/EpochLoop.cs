using System.Diagnostics;
using NewsClassifier.ML.Training.Resume;

namespace NewsClassifier.ML.Training;

/// <summary>
/// The epoch loop of every TorchSharp recipe: steps with progress and cancellation between them, validation after each
/// epoch, the best epoch by <see cref="EpochLoopSettings.Monitor"/>, <c>last/</c> rewritten every epoch, early stopping
/// and the target-accuracy stop, the best weights restored and <c>model/</c> saved at the end. Each epoch ends with a
/// <see cref="ResumeCheckpoint"/>; a run that finds a usable one continues after its epoch (the same final weights as
/// an uninterrupted run: tested bit-identical on CPU). The log lines and stop reasons are read by the run page, the
/// tests and the fault suite (<c>Resumed at epoch (\d+) of (\d+)</c>); keep their wording.
/// </summary>
public static class EpochLoop
{
    /// <param name="clock">Started when the run began (data preparation included), as every reported elapsed time counts from it.</param>
    public static TrainingResult Run(ITorchTrainingRun run, EpochLoopSettings settings, string artifactDirectory, ModelSummary summary,
        Stopwatch clock, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        var history = new List<EpochReport>();
        using var bestWeights = new BestWeights();
        EpochReport? best = null;
        int epochsWithoutImprovement = 0;
        string stopReason = $"completed {settings.Epochs} epochs";
        string? stoppedEarly = null;
        int globalStep = 0;
        long articlesSeen = 0;
        var trainingTime = TimeSpan.Zero;
        var elapsedBefore = TimeSpan.Zero; // of the attempts before a resume: reported times count from the run's start
        int firstEpoch = 1;

        var identity = run.Identity;
        var opened = ResumeCheckpoint.Open(artifactDirectory);
        if (opened.State is { Loop: var loop })
        {
            ResumeCheckpoint.Restore(opened, identity, run, bestWeights);
            for (int epoch = 1; epoch <= loop.Epoch; epoch++) run.BeginEpoch(epoch); // the data order of the epochs done
            run.RestoreSchedule(loop.GlobalStep);
            history.AddRange(loop.History);
            best = history.Single(h => h.Epoch == loop.BestEpoch);
            epochsWithoutImprovement = loop.EpochsWithoutImprovement;
            globalStep = loop.GlobalStep;
            articlesSeen = loop.ArticlesSeen;
            trainingTime = loop.TrainingTime;
            elapsedBefore = loop.Elapsed;
            stoppedEarly = loop.StopReason;
            firstEpoch = loop.Epoch + 1;
            observer.OnLog(stoppedEarly is null && loop.Epoch < settings.Epochs
                ? $"Resumed at epoch {firstEpoch} of {settings.Epochs} from the checkpoint of epoch {loop.Epoch}."
                : $"Resumed after epoch {loop.Epoch} of {settings.Epochs}, where training had ended ({stoppedEarly ?? stopReason}); saving the final model.");
        }
        else if (opened.Problem is { } problem)
        {
            observer.OnLog($"The resume checkpoint could not be used ({problem}); training from the start.");
        }

        for (int epoch = firstEpoch; epoch <= settings.Epochs && stoppedEarly is null; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            int steps = run.BeginEpoch(epoch);
            double lossSum = 0;
            int correct = 0, seen = 0;
            for (int s = 0; s < steps; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var step = run.Step(s, globalStep);
                globalStep++;
                lossSum += step.Loss * step.Articles;
                correct += step.Correct;
                seen += step.Articles;
                observer.OnStep(new StepProgress(epoch, settings.Epochs, s + 1, steps, globalStep, settings.TotalSteps, step.Loss, step.LearningRate, elapsedBefore + clock.Elapsed));
            }
            trainingTime += epochClock.Elapsed;
            articlesSeen += seen;

            var (valLoss, valMetrics) = run.Evaluate();
            bool isBest = best is null || IsBetter(settings.Monitor, valLoss, valMetrics.Accuracy, best);
            var report = new EpochReport(epoch, settings.Epochs, lossSum / seen, (double)correct / seen, valLoss, valMetrics,
                epochClock.Elapsed, elapsedBefore + clock.Elapsed, seen / epochClock.Elapsed.TotalSeconds, isBest);
            history.Add(report);
            if (isBest)
            {
                best = report;
                epochsWithoutImprovement = 0;
                if (settings.EarlyStoppingPatience > 0) bestWeights.Keep(run.Model);
            }
            else
            {
                epochsWithoutImprovement++;
            }

            run.Save(Path.Combine(artifactDirectory, RunFolders.LastEpoch), epoch, valMetrics);
            observer.OnLog($"epoch {epoch}/{settings.Epochs}: loss {report.TrainLoss:F4} acc {report.TrainAccuracy:F4} | " +
                           $"val_loss {valLoss:F4} val_acc {valMetrics.Accuracy:F4} macro_f1 {valMetrics.MacroF1:F4} | " +
                           $"{report.EpochTime.TotalSeconds:F1}s, {report.ArticlesPerSecond:F0} articles/s{(isBest ? " (best)" : "")}");
            // The epoch's metrics are recorded before its checkpoint: a crash in between trains this epoch again, and the
            // run trainer drops the rows past the checkpoint, so the history never holds an epoch twice nor misses one.
            observer.OnEpochEnd(report);

            if (settings.TargetAccuracy > 0 && valMetrics.Accuracy >= settings.TargetAccuracy)
            {
                stoppedEarly = $"reached target validation accuracy {settings.TargetAccuracy} at epoch {epoch}";
                best = report; // the target epoch is the one we keep
                bestWeights.Clear();
            }
            else if (settings.EarlyStoppingPatience > 0 && epochsWithoutImprovement >= settings.EarlyStoppingPatience)
            {
                stoppedEarly = $"early stopping: no better {Describe(settings.Monitor)} for {settings.EarlyStoppingPatience} epochs after epoch {best!.Epoch}";
            }

            var state = new LoopState(epoch, settings.Epochs, globalStep, history.ToArray(), best!.Epoch,
                bestWeights.HasValue ? best.Epoch : 0, epochsWithoutImprovement, articlesSeen, trainingTime, elapsedBefore + clock.Elapsed, stoppedEarly);
            ResumeCheckpoint.Save(artifactDirectory, identity, state, run, bestWeights);
        }
        if (stoppedEarly is not null) stopReason = stoppedEarly;

        var final = history[^1];
        if (bestWeights.HasValue && best is not null && best.Epoch != final.Epoch)
        {
            bestWeights.RestoreInto(run.Model);
            final = best;
            observer.OnLog($"Restored the weights of epoch {best.Epoch} (validation loss {best.ValidationLoss:F4}, accuracy {best.ValidationAccuracy:F4}).");
        }
        var modelDirectory = Path.Combine(artifactDirectory, RunFolders.Model);
        run.Save(modelDirectory, final.Epoch, final.Validation);
        observer.OnLog($"Finished: {stopReason}; model saved to {modelDirectory}.");
        return new TrainingResult(modelDirectory, history, final, stopReason, elapsedBefore + clock.Elapsed, articlesSeen / trainingTime.TotalSeconds, summary);
    }

    /// <summary>Validation accuracy breaks ties by the lower loss; validation loss (Keras' default) alone otherwise.</summary>
    private static bool IsBetter(MonitorMetric monitor, double loss, double accuracy, EpochReport best) => monitor switch
    {
        MonitorMetric.ValAccuracy => accuracy > best.ValidationAccuracy || (accuracy == best.ValidationAccuracy && loss < best.ValidationLoss),
        _ => loss < best.ValidationLoss,
    };

    private static string Describe(MonitorMetric monitor) => monitor == MonitorMetric.ValAccuracy ? "validation accuracy" : "validation loss";
}
