using NewsClassifier.Application.Hosting.Notices;
using NewsClassifier.Domain.Labeling;

namespace NewsClassifier.Application.Labeling;

/// <summary>A dataset's labelling settings and pass progress across processes: the dataset id; the row is re-read.</summary>
internal sealed class LabelingSettingsNotice : IRemoteNotice<LabelingSettings>
{
    public string Channel => "newsclassifier_labeling";

    public string Describe(LabelingSettings settings) => NoticeText.Join(settings.DatasetId);

    public async Task<LabelingSettings?> ReadAsync(NewsDbContext db, string notice, CancellationToken cancellationToken) =>
        NoticeText.Id(notice) is { } id
            ? await db.LabelingSettings.AsNoTracking().SingleOrDefaultAsync(s => s.DatasetId == id, cancellationToken)
            : null;
}
