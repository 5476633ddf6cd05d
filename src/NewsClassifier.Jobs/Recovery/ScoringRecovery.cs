using System.Linq.Expressions;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Leases;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>A queued scoring (one a graceful stop put back, or never started) is queued again at start. One a crash
/// interrupted while running is marked failed, so a person can start it again (scoring restarts from the first article
/// anyway, and the production model may have changed meanwhile). A scoring is leased by its dataset's id.</summary>
internal sealed class ScoringRecovery(IBackgroundWork work, TimeProvider clock) : RowRecovery<LabelingSettings>(clock)
{
    public override string Kind => "dataset scorings";

    public override string LeaseKind => WorkKinds.Scoring;

    protected override Expression<Func<LabelingSettings, int>> WorkId => s => s.DatasetId;

    protected override IQueryable<LabelingSettings> InScope(NewsDbContext db, RecoveryScope scope) => scope == RecoveryScope.Start
        ? db.LabelingSettings.Where(s => s.ScoringState == ScoringState.Queued || s.ScoringState == ScoringState.Running)
        : db.LabelingSettings.Where(s => s.ScoringState == ScoringState.Running);

    protected override void Recover(NewsDbContext db, LabelingSettings settings, DateTime now)
    {
        if (settings.ScoringState == ScoringState.Queued)
        {
            work.ScoreDataset(settings.DatasetId);
            return;
        }
        settings.ScoringState = ScoringState.Failed;
        settings.ScoringMessage = "Interrupted by a restart: start the scoring again.";
    }
}
