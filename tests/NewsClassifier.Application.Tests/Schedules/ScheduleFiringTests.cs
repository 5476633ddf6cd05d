using Hangfire;
using Hangfire.Storage;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Schedules;

namespace NewsClassifier.Application.Tests.Schedules;

/// <summary>Firings on the real host (SQLite, Hangfire, the baseline recipe): evaluation articles never reach a training
/// snapshot, one firing at a time, new-label counting, missed slots and timers after a restart.</summary>
public sealed class ScheduleFiringTests(NewsHost app) : IClassFixture<NewsHost>
{
    private async Task<Schedule> CreateAsync(string name, int rows, string? cron = null, int? minNewLabels = null)
    {
        var datasetId = await SampleData.ImportSampleAsync(app, name, rows);
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ScheduleService>().CreateAsync(new ScheduleRequest
        {
            Name = name, DatasetId = datasetId, Recipe = "tfidf-baseline", Cron = cron, MinNewLabels = minNewLabels, EvaluationFraction = 0.2,
        }, "alice", CancellationToken.None);
    }

    private async Task<ScheduleFiring> FireAsync(int scheduleId, FiringTrigger trigger = FiringTrigger.Manual)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ScheduleFirer>().FireAsync(scheduleId, trigger, "alice", CancellationToken.None);
    }

    private NewsDbContext Db() => app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContext();

    [Fact]
    public async Task Evaluation_articles_are_frozen_once_and_never_in_a_training_snapshot()
    {
        var schedule = await CreateAsync("sched-eval", rows: 300);

        var first = await FireAsync(schedule.Id);

        Assert.Equal(FiringDecision.Promoted, first.Decision);
        await using var db = Db();
        var evaluation = await db.EvaluationArticles.Where(e => e.ScheduleId == schedule.Id).Select(e => e.ArticleId).ToListAsync();
        Assert.Equal(60, evaluation.Count); // 20 % of 300, stratified
        Assert.Equal(evaluation.Count, first.EvaluationArticles);
        var snapshotIds = await db.TrainingRuns.Where(r => r.Tags == "schedule:sched-eval").Select(r => r.SnapshotId!.Value).ToListAsync();
        Assert.Single(snapshotIds);
        Assert.Equal(240, await db.SnapshotArticles.CountAsync(s => s.SnapshotId == snapshotIds[0]));
        Assert.False(await db.SnapshotArticles.AnyAsync(s => snapshotIds.Contains(s.SnapshotId) && evaluation.Contains(s.ArticleId)));

        // A second firing reuses the same frozen set and, with nothing new, trains nothing.
        var second = await FireAsync(schedule.Id);
        Assert.Equal(FiringDecision.Skipped, second.Decision);
        Assert.StartsWith("Skipped: no new data", second.Reason);
        Assert.Null(second.RunId);
        Assert.Equal(evaluation.OrderBy(i => i), (await db.EvaluationArticles.Where(e => e.ScheduleId == schedule.Id).Select(e => e.ArticleId).ToListAsync()).OrderBy(i => i));
    }

    [Fact]
    public async Task A_trigger_while_a_firing_runs_is_recorded_as_already_running_and_never_queued_twice()
    {
        var schedule = await CreateAsync("sched-once", rows: 200);
        await using (var db = Db())
        {
            db.ScheduleFirings.Add(new ScheduleFiring { ScheduleId = schedule.Id, State = FiringState.Running, Trigger = FiringTrigger.Cron, StartedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var second = await FireAsync(schedule.Id, FiringTrigger.NewLabels);

        Assert.Equal(FiringDecision.Skipped, second.Decision);
        Assert.StartsWith("Skipped: already running", second.Reason);
        await using var check = Db();
        Assert.Equal(1, await check.ScheduleFirings.CountAsync(f => f.ScheduleId == schedule.Id && f.State == FiringState.Running));
        Assert.Equal(0, await check.TrainingRuns.CountAsync(r => r.Tags == "schedule:sched-once"));
        // The database itself refuses a second running firing.
        check.ScheduleFirings.Add(new ScheduleFiring { ScheduleId = schedule.Id, State = FiringState.Running, Trigger = FiringTrigger.Manual, StartedAt = DateTime.UtcNow });
        await Assert.ThrowsAsync<DbUpdateException>(() => check.SaveChangesAsync());
    }

    [Fact]
    public async Task New_gold_labels_count_only_real_gold_changes_and_the_threshold_fires_once_reached()
    {
        var schedule = await CreateAsync("sched-labels", rows: 200, minNewLabels: 5);
        using var scope = app.Services.CreateScope();
        var triggers = scope.ServiceProvider.GetRequiredService<ScheduleTriggers>();
        Assert.Equal(200, await triggers.NewGoldLabelsAsync(schedule, CancellationToken.None)); // before any firing: every gold article (nothing held out yet)

        Assert.Equal(FiringDecision.Promoted, (await FireAsync(schedule.Id)).Decision);
        Assert.Equal(0, await triggers.NewGoldLabelsAsync(schedule, CancellationToken.None));

        await using var db = Db();
        var evaluation = await db.EvaluationArticles.Where(e => e.ScheduleId == schedule.Id).Select(e => e.ArticleId).ToListAsync();
        var labels = await db.LabelClasses.Where(l => l.DatasetId == schedule.DatasetId).OrderBy(l => l.Ordinal).Select(l => l.Id).ToListAsync();
        var training = await db.Articles.Where(a => a.DatasetId == schedule.DatasetId && !evaluation.Contains(a.Id)).OrderBy(a => a.Id).Take(5).ToListAsync();
        // Three relabelled and one un-labelled: four changes. Relabelling an evaluation article changes no training data.
        for (int i = 0; i < 3; i++) training[i].LabelId = labels.First(l => l != training[i].LabelId);
        training[3].LabelId = null;
        var held = await db.Articles.FirstAsync(a => evaluation.Contains(a.Id));
        held.LabelId = labels.First(l => l != held.LabelId);
        await db.SaveChangesAsync();

        Assert.Equal(4, await triggers.NewGoldLabelsAsync(schedule, CancellationToken.None));
        await triggers.CheckNewLabelsAsync(CancellationToken.None);
        await Task.Delay(1000);
        Assert.False(await Db().ScheduleFirings.AnyAsync(f => f.ScheduleId == schedule.Id && f.Trigger == FiringTrigger.NewLabels));

        training[4].LabelId = labels.First(l => l != training[4].LabelId);
        await db.SaveChangesAsync();
        Assert.Equal(5, await triggers.NewGoldLabelsAsync(schedule, CancellationToken.None));
        await triggers.CheckNewLabelsAsync(CancellationToken.None);

        var fired = await WaitForFiringAsync(app, schedule.Id, FiringTrigger.NewLabels);
        Assert.Contains(fired.Decision, new FiringDecision?[] { FiringDecision.Promoted, FiringDecision.Rejected });
        Assert.NotNull(fired.RunId);
        Assert.NotNull(fired.ChampionMetricsJson);
        Assert.NotNull(fired.ChallengerMetricsJson);
    }

    [Fact]
    public async Task Timers_are_registered_again_after_a_restart_and_a_missed_slot_fires_once()
    {
        await using var first = await NewsHost.StartAsync();
        var datasetId = await SampleData.ImportSampleAsync(first, "sched-restart", 200);
        int id;
        using (var scope = first.Services.CreateScope())
            id = (await scope.ServiceProvider.GetRequiredService<ScheduleService>().CreateAsync(new ScheduleRequest
            {
                Name = "nightly", DatasetId = datasetId, Recipe = "tfidf-baseline", Cron = "0 2 * * *",
            }, "alice", CancellationToken.None)).Id;
        Assert.Contains(RecurringIds(first), r => r == $"schedule:{id}");
        // The server was down over three nightly slots: the schedule was created (and last fired) four days ago.
        await using (var db = first.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContext())
        {
            var schedule = await db.Schedules.SingleAsync(s => s.Id == id);
            schedule.CreatedAt = DateTime.UtcNow.AddDays(-4);
            await db.SaveChangesAsync();
        }

        await using var second = await first.RestartAsync();

        Assert.Contains(RecurringIds(second), r => r == $"schedule:{id}");
        var missed = await WaitForFiringAsync(second, id, FiringTrigger.Missed);
        Assert.Equal(FiringTrigger.Missed, missed.Trigger);
        Assert.Equal(FiringDecision.Promoted, missed.Decision);
        // One firing for the missed slots, and the slot is recorded: a third start fires nothing.
        await using var third = await second.RestartAsync();
        await Task.Delay(1500);
        await using var db3 = third.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContext();
        Assert.Equal(1, await db3.ScheduleFirings.CountAsync(f => f.ScheduleId == id));
    }

    private static IReadOnlyList<string> RecurringIds(NewsHost host)
    {
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().Select(j => j.Id).ToList();
    }

    private static async Task<ScheduleFiring> WaitForFiringAsync(NewsHost host, int scheduleId, FiringTrigger trigger)
    {
        for (int i = 0; i < 600; i++)
        {
            await using var db = host.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContext();
            var firing = await db.ScheduleFirings.AsNoTracking().Where(f => f.ScheduleId == scheduleId && f.Trigger == trigger && f.State != FiringState.Running).FirstOrDefaultAsync();
            if (firing is not null) return firing;
            await Task.Delay(100);
        }
        throw new TimeoutException($"schedule {scheduleId} did not fire within 60 s");
    }
}
