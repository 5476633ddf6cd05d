using Microsoft.EntityFrameworkCore;
using NewsClassifier.Data;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Schedules;

/// <summary>
/// The triggers that are not a timer: "Run now", the new-gold-labels threshold, and a cron slot missed while the server
/// was down. Each queues one firing; whether it may run is decided by the firing itself (one at a time).
/// </summary>
public sealed class ScheduleTriggers(IDbContextFactory<NewsDbContext> contexts, IBackgroundWork work, TimeProvider clock)
{
    public async Task<string> RunNowAsync(int scheduleId, string startedBy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Schedules.AnyAsync(s => s.Id == scheduleId && !s.Deleted, cancellationToken))
            throw new ScheduleRequestException([$"There is no schedule number {scheduleId}."]);
        return work.FireSchedule(scheduleId, FiringTrigger.Manual, startedBy);
    }

    /// <summary>
    /// Gold labels added, changed or removed since the reference snapshot: the snapshot of the schedule's latest decided
    /// firing, else its champion's training snapshot (so a rejected challenger does not retrain on the same labels every
    /// minute). Only gold counts: a skipped or pending annotation changes nothing. Null: there is nothing to compare with
    /// yet (the first firing then counts every gold article).
    /// </summary>
    public async Task<int> NewGoldLabelsAsync(Schedule schedule, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reference = await db.ScheduleFirings.AsNoTracking()
            .Where(f => f.ScheduleId == schedule.Id && f.SnapshotId != null && f.State == FiringState.Finished)
            .OrderByDescending(f => f.Id).Select(f => f.SnapshotId).FirstOrDefaultAsync(cancellationToken);
        reference ??= await (from m in db.RegisteredModels
                             join a in db.ModelAliases on m.Id equals a.RegisteredModelId
                             join v in db.ModelVersions on a.ModelVersionId equals v.Id
                             join r in db.TrainingRuns on v.RunId equals r.Id
                             where m.Name == schedule.ModelName && a.Alias == ModelAlias.Production
                             select r.SnapshotId).FirstOrDefaultAsync(cancellationToken);
        var evaluation = db.EvaluationArticles.Where(e => e.ScheduleId == schedule.Id).Select(e => e.ArticleId);
        var gold = db.Articles.Where(a => a.DatasetId == schedule.DatasetId && a.LabelId != null && !evaluation.Contains(a.Id));
        if (reference is not { } snapshotId) return await gold.CountAsync(cancellationToken);
        var frozen = db.SnapshotArticles.Where(s => s.SnapshotId == snapshotId);
        int addedOrChanged = await gold.CountAsync(a => !frozen.Any(s => s.ArticleId == a.Id && s.LabelOrdinal == a.Label!.Ordinal), cancellationToken);
        int removed = await frozen.CountAsync(s => !gold.Any(a => a.Id == s.ArticleId), cancellationToken);
        return addedOrChanged + removed;
    }

    /// <summary>Queues a firing of every enabled schedule whose new-label threshold is reached and that is not running.</summary>
    public async Task<int> CheckNewLabelsAsync(CancellationToken cancellationToken)
    {
        List<Schedule> candidates;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var running = db.ScheduleFirings.Where(f => f.State == FiringState.Running).Select(f => f.ScheduleId);
            candidates = await db.Schedules.AsNoTracking()
                .Where(s => s.Enabled && !s.Deleted && s.MinNewLabels != null && !running.Contains(s.Id)).ToListAsync(cancellationToken);
        }
        int fired = 0;
        foreach (var schedule in candidates)
        {
            if (await NewGoldLabelsAsync(schedule, cancellationToken) < schedule.MinNewLabels) continue;
            work.FireSchedule(schedule.Id, FiringTrigger.NewLabels, "labels");
            fired++;
        }
        return fired;
    }

    /// <summary>
    /// At start: a schedule whose latest cron slot passed while the server was down fires once (not once per missed slot),
    /// and its slot is recorded so the next start does not fire it again. The record is a compare-and-set on the
    /// schedule's row: when a web process and its workers start at once, only the one whose update lands fires.
    /// </summary>
    public async Task<int> FireMissedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedules = await db.Schedules.AsNoTracking().Where(s => s.Enabled && !s.Deleted && s.Cron != null).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        int fired = 0;
        foreach (var schedule in schedules)
        {
            var recorded = schedule.LastCronSlot;
            var since = new DateTimeOffset(DateTime.SpecifyKind(recorded ?? schedule.CreatedAt, DateTimeKind.Utc));
            if (CronSchedule.LastMissed(schedule.Cron!, schedule.TimeZone, since, now) is not { } slot) continue;
            int claimed = await db.Schedules.Where(s => s.Id == schedule.Id && s.LastCronSlot == recorded)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastCronSlot, slot.UtcDateTime), cancellationToken);
            if (claimed == 0) continue; // another process recorded this slot (or a later one) first
            work.FireSchedule(schedule.Id, FiringTrigger.Missed, "missed");
            fired++;
        }
        return fired;
    }

    /// <summary>Called by the timer when a cron slot fires: records the slot (so it is not "missed" at the next start).</summary>
    public async Task RecordCronSlotAsync(int scheduleId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Schedules.Where(s => s.Id == scheduleId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastCronSlot, clock.GetUtcNow().UtcDateTime), cancellationToken);
    }
}
