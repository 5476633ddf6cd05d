using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Web.Components.Pages.Experiments;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>Cancel on the run page asks first: keeping the run changes nothing, confirming asks the run to stop.</summary>
public class RunCancelConfirmTests : RunPageTestContext
{
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;

    public RunCancelConfirmTests()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
    }

    private async Task<bool> CancelRequestedAsync(int runId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return (await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == runId)).CancelRequested;
    }

    [Fact]
    public async Task Cancel_asks_to_confirm_and_keeping_the_run_leaves_it_running()
    {
        var runId = await RunAsync(await ImportAsync("four", FourArticles), null, new() { ["epochs"] = "9" }, Diagonal, state: RunState.Running);
        await using (var db = await Contexts.CreateDbContextAsync())
            await db.TrainingRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Name, "long one"));
        var page = Render<RunPage>(p => p.Add(x => x.RunId, runId));
        page.WaitForAssertion(() => Assert.Equal("long one", page.Find("[data-testid=run-title]").TextContent.Trim()));

        var click = page.Find("[data-testid=cancel-run]").ClickAsync(new());
        _dialogs.WaitForAssertion(() => Assert.Contains("Stop long one?", _dialogs.Find(".mud-dialog").TextContent));
        Assert.False(await CancelRequestedAsync(runId));
        await _dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Keep training").ClickAsync(new());
        await click;
        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")));
        Assert.False(await CancelRequestedAsync(runId));

        click = page.Find("[data-testid=cancel-run]").ClickAsync(new());
        _dialogs.WaitForAssertion(() => _dialogs.Find(".mud-dialog"));
        await _dialogs.FindAll("button").First(b => b.TextContent.Trim() == "Cancel the run").ClickAsync(new());
        await click;
        Assert.True(await CancelRequestedAsync(runId));
        page.WaitForAssertion(() => Assert.Contains("Cancelling", page.Find("[data-testid=cancel-run]").TextContent));
    }

    [Fact]
    public async Task An_unnamed_run_is_titled_run_N()
    {
        var runId = await RunAsync(await ImportAsync("four", FourArticles), null, new() { ["epochs"] = "1" }, Diagonal);
        var page = Render<RunPage>(p => p.Add(x => x.RunId, runId));
        page.WaitForAssertion(() => Assert.Equal($"Run {runId}", page.Find("[data-testid=run-title]").TextContent.Trim()));
    }
}
