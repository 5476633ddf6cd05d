using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Jobs.Recovery;

/// <summary>Checkpoint imports still unfinished are queued again; a hub download keeps its finished files and resumes
/// its <c>.partial</c> file.</summary>
internal sealed class PretrainedRecovery(IBackgroundWork work) : IRecoveryHandler
{
    public string Kind => "pretrained checkpoint imports";

    public async Task<int> RecoverAsync(NewsDbContext db, CancellationToken cancellationToken)
    {
        var interrupted = await db.PretrainedCheckpoints
            .Where(p => p.State == PretrainedState.Queued || p.State == PretrainedState.Downloading || p.State == PretrainedState.Validating)
            .ToListAsync(cancellationToken);
        foreach (var row in interrupted)
        {
            row.State = PretrainedState.Queued;
            row.JobId = work.ImportPretrained(row.Id);
        }
        return interrupted.Count;
    }
}
