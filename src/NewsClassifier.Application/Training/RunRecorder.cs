using System.Diagnostics;
using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Training;

namespace NewsClassifier.Application.Training;

/// <summary>
/// Receives the trainer's callbacks (on the training thread) and writes them to the run's rows: step
/// losses and log lines in batches at most once a second, epoch metrics at once. Each write is then
/// published to live pages. At each write it also reads the run's cancel flag, so a cancel from any
/// process stops the run after its current step.
/// </summary>
internal sealed class RunRecorder(
    NewsDbContext db,
    TrainingRun run,
    Notifier<RunProgress> notifier,
    CancellationTokenSource cancel,
    TimeProvider clock) : ITrainingObserver
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Stopwatch _sinceFlush = Stopwatch.StartNew();
    private readonly List<RunMetric> _metrics = new();
    private readonly List<RunLogEntry> _log = new();

    public void OnStep(StepProgress progress)
    {
        run.Epoch = progress.Epoch;
        run.Epochs = progress.Epochs;
        run.Step = progress.GlobalStep;
        run.TotalSteps = progress.TotalSteps;
        run.LastLoss = progress.Loss;
        _metrics.Add(Metric(RunMetricNames.StepLoss, progress.GlobalStep, progress.Loss));
        if (_sinceFlush.Elapsed >= FlushInterval) Flush();
    }

    public void OnEpochEnd(EpochReport report)
    {
        _metrics.Add(Metric(RunMetricNames.TrainLoss, report.Epoch, report.TrainLoss));
        _metrics.Add(Metric(RunMetricNames.TrainAccuracy, report.Epoch, report.TrainAccuracy));
        _metrics.Add(Metric(RunMetricNames.ValidationLoss, report.Epoch, report.ValidationLoss));
        _metrics.Add(Metric(RunMetricNames.ValidationAccuracy, report.Epoch, report.ValidationAccuracy));
        _metrics.Add(Metric(RunMetricNames.ValidationMacroF1, report.Epoch, report.Validation.MacroF1));
        // The trainer logs the epoch's line itself; write it and the metrics now, not in a second.
        Flush();
    }

    public void OnLog(string message) =>
        _log.Add(new RunLogEntry(run.Id, clock.GetUtcNow().UtcDateTime, Truncate(message, 2_000)));

    /// <summary>Writes what is pending, publishes it, and picks up a cancel request.</summary>
    public void Flush()
    {
        _sinceFlush.Restart();
        var metrics = _metrics.ToArray();
        var log = _log.ToArray();
        _metrics.Clear();
        _log.Clear();
        db.RunMetrics.AddRange(metrics);
        db.RunLogEntries.AddRange(log);
        db.SaveChanges();

        var cancelRequested = db.TrainingRuns.Where(r => r.Id == run.Id).Select(r => r.CancelRequested).Single();
        if (cancelRequested && !cancel.IsCancellationRequested) cancel.Cancel();

        notifier.Publish(new RunProgress(run.Id, run.State, run.Epoch, run.Epochs, run.Step, run.TotalSteps, run.LastLoss,
            _elapsed.Elapsed, metrics, log));
    }

    private RunMetric Metric(string name, int step, double value) => new() { RunId = run.Id, Name = name, Step = step, Value = value };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
