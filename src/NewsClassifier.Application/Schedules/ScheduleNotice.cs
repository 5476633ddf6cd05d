using NewsClassifier.Application.Hosting.Notices;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Schedules;

/// <summary>A schedule created, changed or deleted (a flag on its row) in another process: the id; the row is re-read.</summary>
internal sealed class ScheduleNotice : IRemoteNotice<Schedule>
{
    public string Channel => "newsclassifier_schedules";

    public string Describe(Schedule schedule) => NoticeText.Join(schedule.Id);

    public async Task<Schedule?> ReadAsync(NewsDbContext db, string notice, CancellationToken cancellationToken) =>
        NoticeText.Id(notice) is { } id ? await db.Schedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken) : null;
}
