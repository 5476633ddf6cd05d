using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Data;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.Web.Components.Pages.Schedules;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>The Schedules list, its dialog and its role checks over the real schedule service (firings written straight
/// into the database, nothing trained).</summary>
public class SchedulesPagesTests : PageTestContext
{
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;

    public SchedulesPagesTests()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
    }

    private ScheduleService Schedules => Services.GetRequiredService<ScheduleService>();

    /// <summary>Forty labelled articles, ten per class: enough for a stratified evaluation share.</summary>
    private static string Articles() => string.Concat(Enumerable.Range(0, 40).Select(i => $"{i % 4 + 1},\"Title {i}\",\"Body number {i} of class {i % 4}.\"\n"));

    private async Task<Schedule> SeedAsync(string name)
    {
        var datasetId = await ImportAsync(name + "-data", Articles());
        return await Schedules.CreateAsync(new ScheduleRequest
        {
            Name = name, DatasetId = datasetId, Recipe = "tfidf-baseline", Cron = "0 2 * * *", TimeZone = "UTC", EvaluationFraction = 0.25,
        }, "alice", CancellationToken.None);
    }

    private async Task AddFiringAsync(int scheduleId, FiringDecision decision, string reason)
    {
        await using var db = await AppServices.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        db.ScheduleFirings.Add(new ScheduleFiring
        {
            ScheduleId = scheduleId, Trigger = FiringTrigger.Manual, State = FiringState.Finished, Decision = decision, Reason = reason,
            StartedBy = "alice", StartedAt = DateTime.UtcNow.AddMinutes(-2), FinishedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_list_shows_a_schedule_with_its_next_firing_and_last_decision()
    {
        var schedule = await SeedAsync("nightly-news");
        await AddFiringAsync(schedule.Id, FiringDecision.Rejected, "Kept the champion: accuracy changed by +0.10 points.");
        var next = CronSchedule.Next("0 2 * * *", "UTC", DateTimeOffset.UtcNow, 1)[0];

        var page = Render<SchedulesPage>();
        page.WaitForAssertion(() => Assert.Contains("nightly-news", page.Find("[data-testid=schedules-table]").TextContent));
        // bUnit answers the browser's time-zone call with nothing: the page falls back to UTC and says so.
        Assert.Contains("Next firing (UTC)", page.Markup);
        Assert.Equal(next.ToString("yyyy-MM-dd HH:mm"), page.Find("[data-testid=next-firing]").TextContent.Trim());
        Assert.Equal("rejected", page.Find("[data-testid=last-decision] [data-testid=decision-chip]").TextContent.Trim());
        Assert.Contains("Nightly at 02:00 (UTC)", page.Markup);
        Assert.Equal($"/schedules/{schedule.Id}", page.Find("[data-testid=schedule-row] a").GetAttribute("href"));
        page.Find("[data-testid=run-now]");
    }

    [Fact]
    public async Task The_dialog_previews_the_next_five_firings_and_shows_a_bad_cron_and_the_services_refusals_inline()
    {
        await ImportAsync("dialog-data", Articles());
        var page = Render<SchedulesPage>();
        var opening = page.WaitForElement("[data-testid=new-schedule]").ClickAsync(new());
        _dialogs.WaitForAssertion(() => Assert.Equal(5, _dialogs.FindAll("[data-testid=cron-preview-item]").Count));
        Assert.Equal(CronSchedule.Presets.Count, _dialogs.FindAll("[data-testid=cron-preset]").Count);
        var first = CronSchedule.Next(CronSchedule.Presets[0].Cron, "UTC", DateTimeOffset.UtcNow, 1)[0];
        Assert.Equal(first.ToString("yyyy-MM-dd HH:mm"), _dialogs.FindAll("[data-testid=cron-preview-item]")[0].TextContent.Trim());

        _dialogs.Find("input[data-testid=schedule-cron], [data-testid=schedule-cron] input").Input("0 25 * * *");
        _dialogs.WaitForAssertion(() => Assert.Contains("not a valid expression", _dialogs.Find("[data-testid=cron-error]").TextContent));
        Assert.Empty(_dialogs.FindAll("[data-testid=cron-preview-item]"));

        // Saving sends it to the service anyway: every reason comes back next to the form, nothing is saved.
        await _dialogs.Find("[data-testid=schedule-save]").ClickAsync(new());
        _dialogs.WaitForAssertion(() =>
        {
            var errors = _dialogs.Find("[data-testid=schedule-errors]").TextContent;
            Assert.Contains("name: give the schedule a name", errors);
            Assert.Contains("cron:", errors);
        });
        Assert.Contains("give the schedule a name", _dialogs.Markup); // also under the name field
        Assert.Empty(await Schedules.ListAsync(CancellationToken.None));
        Assert.False(opening.IsCompleted); // the dialog stays open for a fix
    }

    [Fact]
    public async Task A_viewer_sees_the_schedules_without_change_buttons_and_a_crafted_call_is_refused_on_the_server()
    {
        var schedule = await SeedAsync("viewer-visible");
        SignInAs("vera", AppRoles.Viewer);

        var page = Render<SchedulesPage>();
        page.WaitForAssertion(() => Assert.Contains("viewer-visible", page.Markup));
        Assert.Empty(page.FindAll("[data-testid=new-schedule]"));
        Assert.Empty(page.FindAll("[data-testid=run-now]"));
        Assert.Empty(page.FindAll("[data-testid=edit-schedule]"));
        Assert.Empty(page.FindAll("[data-testid=delete-schedule]"));
        Assert.NotNull(page.Find("input[data-testid=schedule-enabled], [data-testid=schedule-enabled] input").GetAttribute("disabled"));

        // A crafted circuit event reaches the handlers the viewer never saw: the server-side check refuses them.
        var actions = Render<ScheduleActions>(p => p.Add(a => a.Schedule, schedule).Add(a => a.CanTrain, true).Add(a => a.Switch, true).Add(a => a.Buttons, true));
        await actions.Find("input[data-testid=schedule-enabled], [data-testid=schedule-enabled] input").ChangeAsync(new() { Value = false });
        await actions.Find("[data-testid=delete-schedule]").ClickAsync(new());
        await actions.Find("[data-testid=run-now]").ClickAsync(new());
        Assert.DoesNotContain("Delete schedule", _dialogs.Markup); // not even the confirmation
        var stored = (await Schedules.GetAsync(schedule.Id, CancellationToken.None))!;
        Assert.True(stored.Schedule.Enabled);
        Assert.False(stored.Schedule.Deleted);
        Assert.Empty(stored.Firings);
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message?.Contains("does not allow") == true);
    }
}
