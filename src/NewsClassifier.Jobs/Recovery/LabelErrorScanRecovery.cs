using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>A queued label-error scan (one a graceful stop put back, or never started) is queued again at start; one a
/// crash interrupted while running is marked failed, so a person can start it again (it starts from the first fold anyway).</summary>
internal sealed class LabelErrorScanRecovery(IBackgroundWork work) : IRecoveryHandler
{
    public string Kind => "label-error scans";

    public string LeaseKind => WorkKinds.ErrorScan;

    public Task<List<int>> UnfinishedAsync(NewsDbContext db, RecoveryScope scope, CancellationToken cancellationToken) =>
        InScope(db, scope).Select(s => s.DatasetId).ToListAsync(cancellationToken);

    public async Task<int> RecoverAsync(NewsDbContext db, RecoveryScope scope, IReadOnlyCollection<int> workIds, CancellationToken cancellationToken)
    {
        var interrupted = await InScope(db, scope).Where(s => workIds.Contains(s.DatasetId)).ToListAsync(cancellationToken);
        foreach (var settings in interrupted)
        {
            if (settings.ErrorScanState == ScoringState.Queued)
            {
                work.ScanLabelErrors(settings.DatasetId);
                continue;
            }
            settings.ErrorScanState = ScoringState.Failed;
            settings.ErrorScanMessage = "Interrupted by a restart: start the scan again.";
        }
        return interrupted.Count;
    }

    private static IQueryable<LabelingSettings> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.LabelingSettings.Where(s => s.ErrorScanState == ScoringState.Queued || s.ErrorScanState == ScoringState.Running)
        : db.LabelingSettings.Where(s => s.ErrorScanState == ScoringState.Running);
}
