using NewsClassifier.Application.Hosting.Notices;
using NewsClassifier.Domain.Pretrained;

namespace NewsClassifier.Application.Pretrained;

/// <summary>A checkpoint import's progress across processes: its id and the phase label (display text only); the rest
/// comes from its row. A row that is gone reads as deleted, whatever the notice says, so lists drop it.</summary>
internal sealed class PretrainedStatusNotice : IRemoteNotice<PretrainedStatus>
{
    public const string Deleted = "deleted";

    public string Channel => "newsclassifier_pretrained";

    public string Describe(PretrainedStatus status) => NoticeText.IdAndLabel(status.Id, status.Phase);

    public async Task<PretrainedStatus?> ReadAsync(NewsDbContext db, string notice, CancellationToken cancellationToken)
    {
        if (NoticeText.SplitIdAndLabel(notice) is not var (id, phase)) return null;
        var row = await db.PretrainedCheckpoints.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        return row is null
            ? new PretrainedStatus((int)id, "", PretrainedState.Failed, Deleted, 0, 0, null)
            : PretrainedStatus.From(row, phase == Deleted ? "" : phase);
    }
}
