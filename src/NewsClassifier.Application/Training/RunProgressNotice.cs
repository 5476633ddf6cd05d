using NewsClassifier.Application.Hosting.Notices;
using NewsClassifier.Domain.Runs;

namespace NewsClassifier.Application.Training;

/// <summary>A run's progress across processes: the run id and the id ranges of the metric points and log lines this
/// write stored (the recorder saves them before publishing). Another process reads the run's row and exactly those
/// rows, so its pages append the same new points the trainer's own process shows.</summary>
internal sealed class RunProgressNotice : IRemoteNotice<RunProgress>
{
    public string Channel => "newsclassifier_runs";

    public string Describe(RunProgress progress)
    {
        var (firstMetric, lastMetric) = Range(progress.NewMetrics.Select(m => m.Id));
        var (firstLine, lastLine) = Range(progress.NewLog.Select(l => l.Id));
        return NoticeText.Join(progress.RunId, firstMetric, lastMetric, firstLine, lastLine);
    }

    public async Task<RunProgress?> ReadAsync(NewsDbContext db, string notice, CancellationToken cancellationToken)
    {
        if (NoticeText.Split(notice, 5) is not [var runId, var firstMetric, var lastMetric, var firstLine, var lastLine]) return null;
        var run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null) return null;
        var metrics = lastMetric == 0 ? [] : await db.RunMetrics.AsNoTracking()
            .Where(m => m.RunId == run.Id && m.Id >= firstMetric && m.Id <= lastMetric).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var log = lastLine == 0 ? [] : await db.RunLogEntries.AsNoTracking()
            .Where(l => l.RunId == run.Id && l.Id >= firstLine && l.Id <= lastLine).OrderBy(l => l.Id).ToListAsync(cancellationToken);
        return new RunProgress(run.Id, run.State, run.Epoch, run.Epochs, run.Step, run.TotalSteps, run.LastLoss,
            run.Duration ?? TimeSpan.Zero, metrics, log);
    }

    /// <summary>The stored ids' range; (0, 0) when nothing new was stored (ids start at 1).</summary>
    private static (long First, long Last) Range(IEnumerable<long> ids)
    {
        var stored = ids.Where(id => id > 0).ToList();
        return stored.Count == 0 ? (0, 0) : (stored.Min(), stored.Max());
    }
}
