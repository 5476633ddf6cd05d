using NewsClassifier.Application.Leases;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Application.Labeling;

/// <summary>
/// What the two dataset-wide labeling passes (<see cref="DatasetScorer"/>, <see cref="LabelErrorScanner"/>) share: a
/// lease holds the pass while it runs; progress and the outcome go to the dataset's settings row and the notifier; a host
/// stop puts it back to Queued (recovery starts it again, from the beginning), any other cancellation of its job (there
/// is no cancel button: deleting the job in the Hangfire dashboard) or an error ends it Failed with the reason.
/// </summary>
public sealed class LabelingPassRunner(IDbContextFactory<NewsDbContext> contexts, Notifier<LabelingSettings> notifier, WorkLeases leases,
    IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<LabelingPassRunner> logger)
{
    public static string LeaseKind(LabelingPass pass) => pass == LabelingPass.Scoring ? WorkKinds.Scoring : WorkKinds.ErrorScan;

    /// <summary>How messages name the pass: "scoring", "the scan".</summary>
    public static string Noun(LabelingPass pass) => pass == LabelingPass.Scoring ? "scoring" : "the scan";

    /// <summary>Runs <paramref name="body"/> on the dataset's settings row under the pass's lease; a dataset deleted
    /// meanwhile is skipped. The body marks the pass Running and finishes it with <see cref="FinishAsync"/>.</summary>
    public Task RunAsync(LabelingPass pass, int datasetId, Func<NewsDbContext, LabelingSettings, CancellationToken, Task> body,
        CancellationToken cancellationToken) =>
        leases.RunHeldAsync(LeaseKind(pass), datasetId, (lease, work) => RunHeldAsync(pass, datasetId, body, lease, cancellationToken, work), cancellationToken);

    public async Task FinishAsync(NewsDbContext db, LabelingSettings settings, LabelingPass pass, ScoringState state, string message)
    {
        settings.Mark(pass, state, message, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(CancellationToken.None);
        notifier.Publish(settings);
    }

    private async Task RunHeldAsync(LabelingPass pass, int datasetId, Func<NewsDbContext, LabelingSettings, CancellationToken, Task> body,
        LeaseHeartbeat lease, CancellationToken jobToken, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        LabelingSettings settings;
        try
        {
            settings = await AnnotationQueue.SettingsAsync(db, datasetId, cancellationToken);
        }
        catch (LabelingException)
        {
            logger.LogInformation("{Pass} skipped: dataset {DatasetId} is gone", pass, datasetId);
            return;
        }
        try
        {
            await body(db, settings, cancellationToken);
        }
        catch (OperationCanceledException) when (lease.IsLost)
        {
            logger.LogWarning("{Pass} of dataset {DatasetId} stopped: its lease was taken over by another process; this attempt writes nothing more", pass, datasetId);
        }
        catch (OperationCanceledException) when (jobToken.IsCancellationRequested)
        {
            settings = await ReloadAsync(db, datasetId);
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // A deploy or a restart is not a cancel: back to the queue, and recovery starts it again at the next start.
                await FinishAsync(db, settings, pass, ScoringState.Queued, $"The server stopped during {Noun(pass)}; it continues at the next start.");
                logger.LogWarning("{Pass} of dataset {DatasetId} interrupted by shutdown; it continues at the next start", pass, datasetId);
            }
            else await FinishAsync(db, settings, pass, ScoringState.Failed, $"Cancelled: start {(pass == LabelingPass.Scoring ? "the scoring" : Noun(pass))} again.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Pass} of dataset {DatasetId} failed", pass, datasetId);
            await FinishAsync(db, await ReloadAsync(db, datasetId), pass, ScoringState.Failed, $"{char.ToUpperInvariant(Noun(pass)[0])}{Noun(pass)[1..]} failed: {e.Message}");
        }
    }

    /// <summary>The row as the database has it, without what the failed attempt changed in memory.</summary>
    private static async Task<LabelingSettings> ReloadAsync(NewsDbContext db, int datasetId)
    {
        db.ChangeTracker.Clear();
        return await db.LabelingSettings.SingleAsync(s => s.DatasetId == datasetId, CancellationToken.None);
    }
}
