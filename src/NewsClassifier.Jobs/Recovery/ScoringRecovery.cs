using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Scoring a restart interrupted is marked failed, so a person can start it again (scoring restarts from the
/// first article anyway, and the production model may have changed meanwhile).</summary>
internal sealed class ScoringRecovery : IRecoveryHandler
{
    public string Kind => "dataset scorings";

    public Task<int> RecoverAsync(NewsDbContext db, CancellationToken cancellationToken) =>
        db.LabelingSettings
            .Where(s => s.ScoringState == ScoringState.Queued || s.ScoringState == ScoringState.Running)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.ScoringState, ScoringState.Failed)
                .SetProperty(s => s.ScoringMessage, "Interrupted by a restart: start the scoring again."), cancellationToken);
}
