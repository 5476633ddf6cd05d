using NewsClassifier.Application.Labeling;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>A queued labeling pass (one a graceful stop put back, or never started) is queued again at start. One a crash
/// interrupted while running is marked failed, so a person can start it again: it would restart from the beginning anyway,
/// and for scoring the production model may have changed meanwhile. A pass is leased by its dataset's id. One instance
/// per <see cref="LabelingPass"/>.</summary>
internal sealed class LabelingPassRecovery(LabelingPass pass, IBackgroundWork work, TimeProvider clock) : RowRecovery<LabelingSettings>(
    pass == LabelingPass.Scoring ? "dataset scorings" : "label-error scans", LabelingPassRunner.LeaseKind(pass), s => s.DatasetId, clock)
{
    protected override IQueryable<LabelingSettings> InScope(NewsDbContext db, RecoveryScope scope) => db.LabelingSettings.Where(scope == RecoveryScope.Start
        ? LabelingSettings.InState(pass, ScoringState.Queued, ScoringState.Running)
        : LabelingSettings.InState(pass, ScoringState.Running));

    protected override Action? Recover(NewsDbContext db, LabelingSettings settings, DateTime now)
    {
        if (settings.StateOf(pass) != ScoringState.Queued)
        {
            settings.Mark(pass, ScoringState.Failed, $"Interrupted by a restart: start {(pass == LabelingPass.Scoring ? "the scoring" : "the scan")} again.", now);
            return null;
        }
        int datasetId = settings.DatasetId;
        return pass == LabelingPass.Scoring ? () => work.ScoreDataset(datasetId) : () => work.ScanLabelErrors(datasetId);
    }
}
