using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Application.Runs;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Web.Components.Pages.Experiments;

namespace NewsClassifier.Web.Tests.Pages;

public class ExperimentsTableTests : RunPageTestContext
{
    public ExperimentsTableTests()
    {
        Render<MudPopoverProvider>();
    }

    private static Dictionary<string, string> Parameters(int epochs) => new() { ["epochs"] = epochs.ToString(), ["learning_rate"] = "0.001", ["dropout"] = "0.1" };

    /// <summary>12 runs: ids 1..12, accuracy rising with the id, recipes alternating, every third tagged "long",
    /// run 5 with a note, run 12 archived, run 11 failed.</summary>
    private async Task<int> SeedTwelveAsync()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var snapshot = await SnapshotAsync(datasetId, "1234abcd");
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 1; i <= 12; i++)
        {
            await RunAsync(datasetId, snapshot, Parameters(i), Diagonal,
                recipe: i % 2 == 0 ? "custom" : "custom-lesson", accuracy: 0.5 + i / 100.0,
                tags: i % 3 == 0 ? "long,Batch-64" : "", notes: i == 5 ? "Tried the warm-up fix" : null, archived: i == 12,
                state: i == 11 ? RunState.Failed : RunState.Succeeded, createdAt: start.AddHours(i), minutes: (i * 7) % 12 + 1);
        }
        return datasetId;
    }

    [Fact]
    public async Task The_table_query_sorts_filters_searches_and_pages_on_the_server_and_hides_archived_runs()
    {
        var datasetId = await SeedTwelveAsync();
        var table = Services.GetRequiredService<RunTable>();
        async Task<RunTablePage> Page(RunTableQuery q) => await table.GetPageAsync(q, CancellationToken.None);

        var first = await Page(new RunTableQuery(Take: 5));
        Assert.Equal(11, first.TotalCount); // run 12 is archived
        Assert.Equal([11, 10, 9, 8, 7], first.Items.Select(r => r.Id));
        Assert.Equal("cpu", first.Items[0].Device);
        Assert.Equal("epochs", first.Items[0].KeyParameters[0].Key);
        Assert.Equal("1234abcd", first.Items[0].SnapshotHash);
        Assert.Equal([6, 5, 4, 3, 2], (await Page(new RunTableQuery(Skip: 5, Take: 5))).Items.Select(r => r.Id));

        Assert.Equal(12, (await Page(new RunTableQuery(IncludeArchived: true))).TotalCount);
        Assert.Equal([1, 2, 3], (await Page(new RunTableQuery(Take: 3, Sort: RunSort.Accuracy, Descending: false))).Items.Select(r => r.Id));
        Assert.Equal([1, 2], (await Page(new RunTableQuery(Take: 2, Sort: RunSort.Created, Descending: false))).Items.Select(r => r.Id));
        var byDuration = (await Page(new RunTableQuery(Take: 20, Sort: RunSort.Duration))).Items.Select(r => r.Duration!.Value).ToList();
        Assert.Equal(byDuration.OrderDescending(), byDuration);
        Assert.All((await Page(new RunTableQuery(Take: 5, Sort: RunSort.Recipe, Descending: false))).Items, r => Assert.Equal("custom", r.Recipe));

        Assert.Equal([11], (await Page(new RunTableQuery(State: RunState.Failed))).Items.Select(r => r.Id));
        Assert.Equal(5, (await Page(new RunTableQuery(Recipe: "custom"))).TotalCount); // 2,4,6,8,10
        Assert.Equal([9, 6, 3], (await Page(new RunTableQuery(Tag: "LONG"))).Items.Select(r => r.Id));
        Assert.Equal([12, 9, 6, 3], (await Page(new RunTableQuery(Tag: "long", IncludeArchived: true))).Items.Select(r => r.Id));
        Assert.Empty((await Page(new RunTableQuery(Tag: "lon"))).Items); // whole tags only
        Assert.Equal(11, (await Page(new RunTableQuery(DatasetId: datasetId))).TotalCount);
        Assert.Equal(0, (await Page(new RunTableQuery(DatasetId: datasetId + 1))).TotalCount);

        Assert.Equal([5], (await Page(new RunTableQuery(Search: "warm-up"))).Items.Select(r => r.Id));
        Assert.Equal([7], (await Page(new RunTableQuery(Search: "#7"))).Items.Select(r => r.Id));
        Assert.Equal(6, (await Page(new RunTableQuery(Search: "LESSON"))).TotalCount);
        Assert.Equal([9, 6, 3], (await Page(new RunTableQuery(Search: "batch-6"))).Items.Select(r => r.Id));
        Assert.Empty((await Page(new RunTableQuery(Search: "100%"))).Items); // LIKE wildcards are literal

        var facets = await table.FacetsAsync(CancellationToken.None);
        Assert.Equal(["custom", "custom-lesson"], facets.Recipes);
        Assert.Equal(["Batch-64", "long"], facets.Tags);
    }

    [Fact]
    public async Task The_page_lists_runs_and_selected_runs_open_in_compare()
    {
        await SeedTwelveAsync();

        var page = Render<ExperimentsPage>();

        page.WaitForAssertion(() => Assert.Contains("custom-lesson", page.Find("[data-testid=runs-table]").TextContent));
        Assert.True(page.Find("[data-testid=compare-selected]").HasAttribute("disabled"));
        page.Find("[data-testid=select-run-9]").Change(true);
        page.Find("[data-testid=select-run-4]").Change(true);
        page.Find("[data-testid=compare-selected]").Click();
        Assert.EndsWith("/compare?runs=4,9", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public async Task Tags_are_normalised_and_archiving_hides_a_run()
    {
        await SeedTwelveAsync();
        var catalog = Services.GetRequiredService<RunCatalog>();
        var table = Services.GetRequiredService<RunTable>();

        await catalog.UpdateAnnotationsAsync(1, " baseline , two words,, Baseline ", "  a note  ", CancellationToken.None);
        await catalog.SetArchivedAsync(2, true, CancellationToken.None);

        var run = (await table.GetPageAsync(new RunTableQuery(Search: "#1"), CancellationToken.None)).Items.Single();
        Assert.Equal(["baseline", "two-words"], run.Tags);
        Assert.Equal("a note", run.Notes);
        Assert.Empty((await table.GetPageAsync(new RunTableQuery(Search: "#2"), CancellationToken.None)).Items);
        Assert.Equal(11 - 1, (await table.GetPageAsync(new RunTableQuery(), CancellationToken.None)).TotalCount);
    }

    [Fact]
    public async Task Deleting_a_run_removes_its_rows_and_its_artifact_folder()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var ids = await ArticleIdsAsync(datasetId);
        var snapshot = await SnapshotAsync(datasetId, "0123dead");
        var runId = await RunAsync(datasetId, snapshot, Parameters(2), Diagonal, [(ids[0], 0, 0), (ids[1], 1, 0)]);
        var keep = await RunAsync(datasetId, snapshot, Parameters(2), Diagonal, [(ids[0], 0, 0)]);
        var folder = Path.Combine(ArtifactsDirectory, "runs", runId.ToString());
        Directory.CreateDirectory(Path.Combine(folder, "model"));
        await File.WriteAllTextAsync(Path.Combine(folder, "model", "config.json"), "{}");
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await db.TrainingRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ArtifactPath, Path.Combine(folder, "model")));
        }

        await Services.GetRequiredService<RunCatalog>().DeleteAsync(runId, CancellationToken.None);

        Assert.False(Directory.Exists(folder));
        await using var check = await Contexts.CreateDbContextAsync();
        Assert.False(await check.TrainingRuns.AnyAsync(r => r.Id == runId));
        Assert.False(await check.RunMetrics.AnyAsync(m => m.RunId == runId));
        Assert.False(await check.RunLogEntries.AnyAsync(l => l.RunId == runId));
        Assert.False(await check.RunPredictions.AnyAsync(p => p.RunId == runId));
        Assert.True(await check.RunPredictions.AnyAsync(p => p.RunId == keep));
        Assert.True(await check.RunMetrics.AnyAsync(m => m.RunId == keep));
    }

    [Fact]
    public async Task Deleting_a_run_that_a_registered_model_version_uses_is_refused()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var runId = await RunAsync(datasetId, null, Parameters(2), Diagonal);
        var folder = Path.Combine(ArtifactsDirectory, "runs", runId.ToString());
        Directory.CreateDirectory(folder);
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.RegisteredModels.Add(new RegisteredModel
            {
                Name = "news-topics", CreatedAt = DateTime.UtcNow,
                Versions = { new ModelVersion { Version = 1, RunId = runId, CreatedAt = DateTime.UtcNow } },
            });
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<RunOperationException>(() =>
            Services.GetRequiredService<RunCatalog>().DeleteAsync(runId, CancellationToken.None));

        Assert.Contains("news-topics v1", error.Message);
        Assert.True(Directory.Exists(folder));
        await using var check = await Contexts.CreateDbContextAsync();
        Assert.True(await check.TrainingRuns.AnyAsync(r => r.Id == runId));
        Assert.True(await check.RunMetrics.AnyAsync(m => m.RunId == runId));
    }

    [Fact]
    public async Task A_running_run_cannot_be_deleted()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var runId = await RunAsync(datasetId, null, Parameters(2), Diagonal, state: RunState.Running);

        var error = await Assert.ThrowsAsync<RunOperationException>(() =>
            Services.GetRequiredService<RunCatalog>().DeleteAsync(runId, CancellationToken.None));
        Assert.Contains("cancel it", error.Message);
    }
}
