using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Application.Registry;
using NewsClassifier.Data;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Web.Components.Pages.Models;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>The Models list and model pages over the real registry (runs written straight into the database, no training).</summary>
public class ModelsPagesTests : PageTestContext
{
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;

    public ModelsPagesTests()
    {
        Services.AddScoped(_ => ActivatorUtilities.CreateInstance<ModelRegistry>(AppServices, TimeProvider.System));
        Services.AddScoped(sp => ActivatorUtilities.CreateInstance<ModelArchive>(AppServices, sp.GetRequiredService<ModelRegistry>(), TimeProvider.System));
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
    }

    private ModelRegistry Registry => Services.GetRequiredService<ModelRegistry>();

    private async Task<int> AddRunAsync(double accuracy)
    {
        await using var db = await AppServices.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var run = new TrainingRun
        {
            DatasetId = 1, DatasetName = "ag-sample", Recipe = "custom", State = RunState.Succeeded, StartedBy = "web",
            CreatedAt = DateTime.UtcNow, FinishedAt = DateTime.UtcNow, ValidationAccuracy = accuracy, ValidationMacroF1 = accuracy - 0.01,
            ArtifactPath = Directory.CreateTempSubdirectory("nc-model-").FullName,
        };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    [Fact]
    public void With_no_models_the_page_says_how_to_get_one_and_offers_the_import()
    {
        var page = Render<ModelsPage>();
        page.WaitForAssertion(() =>
        {
            Assert.Contains("No registered models yet", page.Find("[data-testid=no-models]").TextContent);
            page.Find("[data-testid=import-model]");
        });
    }

    [Fact]
    public async Task The_list_shows_versions_with_runs_metrics_and_aliases_and_promotes_through_a_dialog()
    {
        await Registry.RegisterAsync(await AddRunAsync(0.81), "news-topics", "alice", CancellationToken.None);
        var newer = await AddRunAsync(0.86);
        await Registry.RegisterAsync(newer, "news-topics", "bob", CancellationToken.None);
        await Registry.SetAliasAsync("news-topics", ModelAlias.Production, 1, "alice", "first", CancellationToken.None);

        var page = Render<ModelsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=version-row]").Count));
        var rows = page.FindAll("[data-testid=version-row]");
        Assert.Contains("86.00", rows[0].TextContent); // newest first
        Assert.Contains($"{newer}", rows[0].TextContent);
        Assert.Contains("bob", rows[0].TextContent);
        Assert.Contains("production", rows[1].TextContent);
        Assert.Equal($"/experiments/{newer}", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.EndsWith("/api/models/news-topics/versions/2/export", rows[0].QuerySelector("[data-testid=export-version]")!.GetAttribute("href"));

        // Promote version 2: the dialog asks why (who is the signed-in user); the alias moves and the audit log records it.
        // Not awaited yet: the click's handler waits for the dialog's answer.
        var promoting = rows[0].QuerySelector("[data-testid=promote-production]")!.ClickAsync(new());
        _dialogs.WaitForAssertion(() => Assert.Contains("to version 2", _dialogs.Markup), TimeSpan.FromSeconds(5));
        _dialogs.Find("[data-testid=promote-reason]").Input("better on business news");
        await _dialogs.Find("[data-testid=promote-confirm]").ClickAsync(new());
        await promoting.WaitAsync(TimeSpan.FromSeconds(10));

        page.WaitForAssertion(() => Assert.Contains("production", page.FindAll("[data-testid=version-row]")[0].TextContent));
        var audit = await Registry.AuditAsync("news-topics", CancellationToken.None);
        Assert.Equal((1, 2, "test-admin", "better on business news"), (audit[0].FromVersion, audit[0].ToVersion, audit[0].ChangedBy, audit[0].Reason));
    }

    [Fact]
    public async Task A_model_page_shows_its_audit_log()
    {
        await Registry.RegisterAsync(await AddRunAsync(0.8), "audited", "web", CancellationToken.None);
        await Registry.SetAliasAsync("audited", ModelAlias.Staging, 1, "dana", "try it out", CancellationToken.None);

        var page = Render<ModelPage>(p => p.Add(x => x.Name, "audited"));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("audited", page.Find("[data-testid=model-title]").TextContent);
            var row = page.Find("[data-testid=audit-row]").TextContent;
            Assert.Contains("staging", row);
            Assert.Contains("dana", row);
            Assert.Contains("try it out", row);
            Assert.Contains("accuracy 80.00", row);
        });
    }
}
