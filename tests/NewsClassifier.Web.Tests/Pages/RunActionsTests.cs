using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Web.Components.Pages.Experiments;

namespace NewsClassifier.Web.Tests.Pages;

public class RunActionsTests : RunPageTestContext
{
    [Fact]
    public async Task Tags_and_notes_are_edited_from_the_run_header()
    {
        var providers = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var datasetId = await ImportAsync("four", FourArticles);
        var runId = await RunAsync(datasetId, null, new() { ["epochs"] = "2" }, Diagonal, tags: "old");
        await using var db = await Contexts.CreateDbContextAsync();
        var run = await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
        var changed = 0;

        var actions = Render<RunActions>(p => p.Add(x => x.Run, run).Add(x => x.OnChanged, () => changed++));
        Assert.Contains("old", actions.Find("[data-testid=run-actions]").TextContent);
        actions.Find("[data-testid=edit-annotations]").Click();
        providers.WaitForAssertion(() => providers.Find("[data-testid=tags-input]"));
        providers.Find("[data-testid=tags-input]").Change("sweep, lr 1e-3");
        providers.Find("[data-testid=notes-input]").Change("Best so far.");
        providers.Find("[data-testid=save-annotations]").Click();

        actions.WaitForAssertion(() => Assert.Equal(1, changed));
        var stored = await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
        Assert.Equal("sweep,lr-1e-3", stored.Tags);
        Assert.Equal("Best so far.", stored.Notes);
    }
}
