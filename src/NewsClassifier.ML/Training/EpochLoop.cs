using System.Diagnostics;
using NewsClassifier.ML.Models;

namespace NewsClassifier.ML.Training;

/// <summary>
/// The epoch loop of every TorchSharp recipe: steps with progress and cancellation between them, validation after each
/// epoch, the best epoch by <see cref="EpochLoopSettings.Monitor"/>, <c>last/</c> rewritten every epoch, early stopping
/// and the target-accuracy stop, the best weights restored and <c>model/</c> saved at the end. The log lines and stop
/// reasons are read by the run page and the tests; keep their wording.
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
        int globalStep = 0;
        long articlesSeen = 0;
        var trainingTime = TimeSpan.Zero;

        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
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
                observer.OnStep(new StepProgress(epoch, settings.Epochs, s + 1, steps, globalStep, settings.TotalSteps, step.Loss, step.LearningRate, clock.Elapsed));
            }
            trainingTime += epochClock.Elapsed;
            articlesSeen += seen;

            var (valLoss, valMetrics) = run.Evaluate();
            bool isBest = best is null || IsBetter(settings.Monitor, valLoss, valMetrics.Accuracy, best);
            var report = new EpochReport(epoch, settings.Epochs, lossSum / seen, (double)correct / seen, valLoss, valMetrics,
                epochClock.Elapsed, clock.Elapsed, seen / epochClock.Elapsed.TotalSeconds, isBest);
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
            observer.OnEpochEnd(report);

            if (settings.TargetAccuracy > 0 && valMetrics.Accuracy >= settings.TargetAccuracy)
            {
                stopReason = $"reached target validation accuracy {settings.TargetAccuracy} at epoch {epoch}";
                best = report; // the target epoch is the one we keep
                bestWeights.Clear();
                break;
            }
            if (settings.EarlyStoppingPatience > 0 && epochsWithoutImprovement >= settings.EarlyStoppingPatience)
            {
                stopReason = $"early stopping: no better {Describe(settings.Monitor)} for {settings.EarlyStoppingPatience} epochs after epoch {best!.Epoch}";
                break;
            }
        }

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
        return new TrainingResult(modelDirectory, history, final, stopReason, clock.Elapsed, articlesSeen / trainingTime.TotalSeconds, summary);
    }

    /// <summary>Validation accuracy breaks ties by the lower loss; validation loss (Keras' default) alone otherwise.</summary>
    private static bool IsBetter(MonitorMetric monitor, double loss, double accuracy, EpochReport best) => monitor switch
    {
        MonitorMetric.ValAccuracy => accuracy > best.ValidationAccuracy || (accuracy == best.ValidationAccuracy && loss < best.ValidationLoss),
        _ => loss < best.ValidationLoss,
    };

    private static string Describe(MonitorMetric monitor) => monitor == MonitorMetric.ValAccuracy ? "validation accuracy" : "validation loss";
}
