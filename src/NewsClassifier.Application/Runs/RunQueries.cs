using NewsClassifier.Domain.Runs;
using NewsClassifier.ML.Models;
using NewsClassifier.ML.Training;
using NewsClassifier.ML.Training.Resume;

namespace NewsClassifier.Application.Runs;

/// <summary>A run with its series and log, decoded for pages.</summary>
public sealed record RunDetails(
    TrainingRun Run,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<RunMetric> Metrics,
    IReadOnlyList<RunLogEntry> Log,
    ClassificationMetrics? Evaluation,
    IReadOnlyList<LayerSummary>? Summary)
{
    /// <summary>The disk its checkpoints take (resume state and <c>last/</c>), or null when it has none.</summary>
    public CheckpointUsage? Checkpoints { get; init; }
}

/// <summary>Reads runs for the Experiments, Classify and Jobs areas.</summary>
public sealed class RunQueries(IDbContextFactory<NewsDbContext> contexts, DataPaths paths)
{
    public async Task<IReadOnlyList<TrainingRun>> ListAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TrainingRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Runs with a model to classify with, newest first.</summary>
    public async Task<IReadOnlyList<TrainingRun>> SucceededAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TrainingRuns.AsNoTracking()
            .Where(r => r.State == RunState.Succeeded && r.ArtifactPath != null)
            .OrderByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
    }

    public async Task<TrainingRun?> GetRunAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    public async Task<RunDetails?> GetAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.TrainingRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null) return null;
        var metrics = await db.RunMetrics.AsNoTracking().Where(m => m.RunId == id).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var log = await db.RunLogEntries.AsNoTracking().Where(l => l.RunId == id).OrderBy(l => l.Id).ToListAsync(cancellationToken);
        return new RunDetails(
            run,
            StoredJson.Deserialize<Dictionary<string, string>>(run.ParametersJson) ?? new(),
            metrics,
            log,
            StoredJson.Deserialize<ClassificationMetrics>(run.EvaluationJson),
            StoredJson.Deserialize<List<LayerSummary>>(run.SummaryJson))
        {
            Checkpoints = CheckpointUsage.Of(paths.RunDirectory(run.Id)),
        };
    }
}
