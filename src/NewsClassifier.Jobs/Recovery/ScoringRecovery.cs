using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>A queued scoring (one a graceful stop put back, or never started) is queued again at start. One a crash
/// interrupted while running is marked failed, so a person can start it again (scoring restarts from the first article
/// anyway, and the production model may have changed meanwhile).</summary>
internal sealed class ScoringRecovery(IBackgroundWork work) : IRecoveryHandler
{
    public string Kind => "dataset scorings";

    public string LeaseKind => WorkKinds.Scoring;

    public Task<List<int>> UnfinishedAsync(NewsDbContext db, RecoveryScope scope, CancellationToken cancellationToken) =>
        InScope(db, scope).Select(s => s.DatasetId).ToListAsync(cancellationToken);

    public async Task<int> RecoverAsync(NewsDbContext db, RecoveryScope scope, IReadOnlyCollection<int> workIds, CancellationToken cancellationToken)
    {
        var interrupted = await InScope(db, scope).Where(s => workIds.Contains(s.DatasetId)).ToListAsync(cancellationToken);
        foreach (var settings in interrupted)
        {
            if (settings.ScoringState == ScoringState.Queued)
            {
                work.ScoreDataset(settings.DatasetId);
                continue;
            }
            settings.ScoringState = ScoringState.Failed;
            settings.ScoringMessage = "Interrupted by a restart: start the scoring again.";
        }
        return interrupted.Count;
    }

    private static IQueryable<LabelingSettings> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.LabelingSettings.Where(s => s.ScoringState == ScoringState.Queued || s.ScoringState == ScoringState.Running)
        : db.LabelingSettings.Where(s => s.ScoringState == ScoringState.Running);
}
