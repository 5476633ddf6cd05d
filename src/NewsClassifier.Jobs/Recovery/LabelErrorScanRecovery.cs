using System.Linq.Expressions;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>A queued label-error scan (one a graceful stop put back, or never started) is queued again at start; one a
/// crash interrupted while running is marked failed, so a person can start it again (it starts from the first fold anyway).
/// A scan is leased by its dataset's id.</summary>
internal sealed class LabelErrorScanRecovery(IBackgroundWork work, TimeProvider clock) : RowRecovery<LabelingSettings>(clock)
{
    public override string Kind => "label-error scans";

    public override string LeaseKind => WorkKinds.ErrorScan;

    protected override Expression<Func<LabelingSettings, int>> WorkId => s => s.DatasetId;

    protected override IQueryable<LabelingSettings> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.LabelingSettings.Where(s => s.ErrorScanState == ScoringState.Queued || s.ErrorScanState == ScoringState.Running)
        : db.LabelingSettings.Where(s => s.ErrorScanState == ScoringState.Running);

    protected override void Recover(NewsDbContext db, LabelingSettings settings, DateTime now)
    {
        if (settings.ErrorScanState == ScoringState.Queued)
        {
            work.ScanLabelErrors(settings.DatasetId);
            return;
        }
        settings.ErrorScanState = ScoringState.Failed;
        settings.ErrorScanMessage = "Interrupted by a restart: start the scan again.";
    }
}
