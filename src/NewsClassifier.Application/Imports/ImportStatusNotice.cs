using NewsClassifier.Application.Hosting.Notices;

namespace NewsClassifier.Application.Imports;

/// <summary>An import's progress across processes: its id and the phase label (display text only); the state,
/// counters and message come from the import's row.</summary>
internal sealed class ImportStatusNotice : IRemoteNotice<ImportStatus>
{
    public string Channel => "newsclassifier_imports";

    public string Describe(ImportStatus status) => NoticeText.IdAndLabel(status.ImportId, status.Phase);

    public async Task<ImportStatus?> ReadAsync(NewsDbContext db, string notice, CancellationToken cancellationToken)
    {
        if (NoticeText.SplitIdAndLabel(notice) is not var (id, phase)) return null;
        var import = await db.DatasetImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        return import is null ? null : ImportStatus.From(import, phase);
    }
}
