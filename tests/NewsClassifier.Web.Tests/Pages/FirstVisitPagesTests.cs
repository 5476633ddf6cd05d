using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Application.Registry;
using NewsClassifier.Domain.Imports;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Pretrained;
using NewsClassifier.Domain.Registry;
using NewsClassifier.Domain.Runs;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.Web.Components.Pages.Datasets;
using NewsClassifier.Web.Components.Pages.Home;
using NewsClassifier.Web.Components.Pages.Jobs;
using NewsClassifier.Web.Components.Pages.Labeling;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>What a newcomer meets first: the overview (empty and with data), the Jobs list of every kind of work, and the
/// places whose feedback used to mislead (scoring without a production model, keys without classes, a Label button for
/// Viewers).</summary>
public class FirstVisitPagesTests : RunPageTestContext
{
    public FirstVisitPagesTests()
    {
        Services.AddScoped(_ => ActivatorUtilities.CreateInstance<ModelRegistry>(AppServices, TimeProvider.System));
        Render<MudPopoverProvider>();
    }

    private ModelRegistry Registry => Services.GetRequiredService<ModelRegistry>();

    /// <summary>Imports through the importer and records the import row the launcher writes for a queued import.</summary>
    private async Task<int> ImportWithHistoryAsync(string name)
    {
        var datasetId = await ImportAsync(name, FourArticles);
        await using var db = await Contexts.CreateDbContextAsync();
        db.DatasetImports.Add(new DatasetImport
        {
            DatasetName = name, Source = $"{name}.csv", SourceKind = ImportSourceKind.Upload, State = ImportState.Succeeded, DatasetId = datasetId,
            RowsRead = 4, Message = "4 articles imported", CreatedAt = DateTime.UtcNow.AddMinutes(-10), FinishedAt = DateTime.UtcNow.AddMinutes(-10),
        });
        await db.SaveChangesAsync();
        return datasetId;
    }

    [Fact]
    public void An_empty_installation_shows_the_next_steps_with_the_import_as_the_call_to_action()
    {
        var page = Render<HomePage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=overview-step]").Count));
        Assert.Equal("/datasets/import", page.Find("[data-testid=cta-import]").GetAttribute("href"));
        Assert.Empty(page.FindAll("[data-testid=tile-production]"));

        // A Viewer cannot import: the step says who does instead of offering a button that would be refused.
        SignInAs("vic", AppRoles.Viewer);
        var viewer = Render<HomePage>();
        viewer.WaitForAssertion(() => viewer.Find("[data-testid=cta-import-ask]"));
        Assert.Empty(viewer.FindAll("[data-testid=cta-import]"));
    }

    [Fact]
    public async Task With_data_the_overview_shows_production_runs_reviews_the_next_firing_and_imports()
    {
        var datasetId = await ImportWithHistoryAsync("four");
        var first = await RunAsync(datasetId, null, new() { ["epochs"] = "2" }, Diagonal, accuracy: 0.8);
        var second = await RunAsync(datasetId, null, new() { ["epochs"] = "2" }, Diagonal, accuracy: 0.912);
        var running = await RunAsync(datasetId, null, new() { ["epochs"] = "2" }, Diagonal, state: RunState.Running);
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            var run = await db.TrainingRuns.SingleAsync(r => r.Id == second);
            run.ArtifactPath = Directory.CreateTempSubdirectory("nc-model-").FullName;
            var article = await db.Articles.FirstAsync(a => a.DatasetId == datasetId);
            db.ReviewItems.Add(new ReviewItem { DatasetId = datasetId, ArticleId = article.Id, Reason = ReviewReason.ReportedWrong, Status = ReviewStatus.Open, CreatedAt = DateTime.UtcNow });
            db.Schedules.Add(new Schedule { Name = "nightly", DatasetId = datasetId, Recipe = "tfidf-baseline", ModelName = "news", Cron = "0 2 * * *", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        await Registry.RegisterAsync(second, "news-topics", "alice", CancellationToken.None);
        await Registry.SetAliasAsync("news-topics", ModelAlias.Production, 1, "alice", "best so far", CancellationToken.None);

        var page = Render<HomePage>();
        page.WaitForAssertion(() => Assert.Equal("91.2%", page.Find("[data-testid=production-accuracy]").TextContent.Trim()));
        Assert.Equal("/models/news-topics", page.Find("[data-testid=production-link]").GetAttribute("href"));
        Assert.Contains("news-topics v1", page.Find("[data-testid=production-link]").TextContent);
        Assert.Equal("1", page.Find("[data-testid=review-count]").TextContent.Trim());
        Assert.Equal($"/labeling/{datasetId}/review", page.Find("[data-testid=review-link]").GetAttribute("href"));
        Assert.Matches(@"^\d{4}-\d\d-\d\d 02:00$", page.Find("[data-testid=next-firing]").TextContent.Trim());
        Assert.Equal("4", page.Find("[data-testid=article-total]").TextContent.Trim());
        // The running run first, then the finished ones, newest first.
        var runs = page.FindAll("[data-testid=overview-run]");
        Assert.Equal(3, runs.Count);
        Assert.Contains($"run {running}", runs[0].TextContent);
        Assert.Contains($"run {second}", runs[1].TextContent);
        Assert.Contains($"run {first}", runs[2].TextContent);
        Assert.Contains("four", Assert.Single(page.FindAll("[data-testid=overview-import]")).TextContent);
        Assert.Empty(page.FindAll("[data-testid=getting-started]"));
        Assert.Empty(page.FindAll("[data-testid=next-step]"));
    }

    [Fact]
    public async Task Data_without_runs_says_the_next_step_is_to_train()
    {
        await ImportAsync("four", FourArticles);
        var page = Render<HomePage>();
        page.WaitForAssertion(() => Assert.Equal("/experiments/new", page.Find("[data-testid=cta-train]").GetAttribute("href")));
        page.Find("[data-testid=production-none]");
        page.Find("[data-testid=next-firing-none]");
    }

    [Fact]
    public async Task Jobs_lists_training_scoring_pretrained_and_schedule_work_besides_imports()
    {
        var datasetId = await ImportWithHistoryAsync("four");
        var runId = await RunAsync(datasetId, null, new() { ["epochs"] = "2" }, Diagonal, state: RunState.Running);
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            db.LabelingSettings.Add(new LabelingSettings { DatasetId = datasetId, ScoringState = ScoringState.Running, ScoringDone = 10, ScoringTotal = 40 });
            db.PretrainedCheckpoints.Add(new PretrainedCheckpoint
            {
                Name = "google/bert_uncased_L-2_H-128_A-2", Source = "google/bert_uncased_L-2_H-128_A-2", SourceKind = PretrainedSourceKind.Hub,
                Folder = "bert-tiny", State = PretrainedState.Downloading, BytesDone = 50, BytesTotal = 200, CreatedAt = DateTime.UtcNow, CreatedBy = "alice",
            });
            var schedule = new Schedule { Name = "nightly", DatasetId = datasetId, Recipe = "tfidf-baseline", ModelName = "news", CreatedAt = DateTime.UtcNow };
            db.Schedules.Add(schedule);
            await db.SaveChangesAsync();
            db.ScheduleFirings.Add(new ScheduleFiring
            {
                ScheduleId = schedule.Id, Trigger = FiringTrigger.Manual, State = FiringState.Finished, Decision = FiringDecision.Promoted,
                Reason = "first model", StartedBy = "alice", StartedAt = DateTime.UtcNow.AddMinutes(-5), FinishedAt = DateTime.UtcNow.AddMinutes(-4),
            });
            await db.SaveChangesAsync();
        }

        var page = Render<JobsPage>();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-testid=activity-table] tbody tr").Count));
        var kinds = page.FindAll("[data-testid=activity-kind]").Select(k => k.TextContent.Trim()).ToList();
        Assert.Equal(["Import", "Pretrained", "Schedule", "Scoring", "Training"], kinds.Order().ToList());
        var links = page.FindAll("[data-testid=activity-link]").Select(l => l.GetAttribute("href")).ToList();
        Assert.Contains($"/experiments/{runId}", links);
        Assert.Contains($"/labeling/{datasetId}/settings", links);
        Assert.Contains("/models", links);
        Assert.Contains(links, l => l!.StartsWith("/schedules/", StringComparison.Ordinal));
        Assert.Contains(links, l => l!.StartsWith("/datasets/imports/", StringComparison.Ordinal));
        // Work still going comes first; the finished import and firing after it.
        var states = page.FindAll("[data-testid=activity-state]").Select(s => s.TextContent.Trim()).ToList();
        Assert.Equal(["Downloading", "Running", "Running"], states.Take(3).Order().ToList());
        Assert.Equal(["Pretrained", "Scoring", "Training"], kinds.Take(3).Order().ToList());
        Assert.Contains("Promoted", states.Skip(3));
        Assert.Contains(ImportState.Succeeded.ToString(), states.Skip(3));
    }

    [Fact]
    public async Task Scoring_without_a_production_model_is_refused_up_front_and_the_button_says_why()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var launcher = Services.GetRequiredService<ScoringLauncher>();
        var refused = await Assert.ThrowsAsync<LabelingException>(() => launcher.EnqueueAsync(datasetId, CancellationToken.None));
        Assert.Equal(ScoringLauncher.NoProductionModel, refused.Message);
        await using (var db = await Contexts.CreateDbContextAsync())
            Assert.Equal(ScoringState.Never, (await db.LabelingSettings.SingleAsync(s => s.DatasetId == datasetId)).ScoringState);

        var page = Render<LabelingSettingsPage>(p => p.Add(x => x.DatasetId, datasetId));
        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid=scoring-start]").HasAttribute("disabled")));
        Assert.Equal(ScoringLauncher.NoProductionModel, page.Find("[data-testid=scoring-no-production]").TextContent.Trim());
    }

    [Fact]
    public async Task With_a_production_model_the_scoring_button_is_enabled()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var runId = await RunAsync(datasetId, null, new() { ["epochs"] = "2" }, Diagonal);
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            (await db.TrainingRuns.SingleAsync(r => r.Id == runId)).ArtifactPath = Directory.CreateTempSubdirectory("nc-model-").FullName;
            await db.SaveChangesAsync();
        }
        await Registry.RegisterAsync(runId, "news-topics", "alice", CancellationToken.None);
        await Registry.SetAliasAsync("news-topics", ModelAlias.Production, 1, "alice", "first", CancellationToken.None);

        var page = Render<LabelingSettingsPage>(p => p.Add(x => x.DatasetId, datasetId));
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=scoring-start]").HasAttribute("disabled")));
        Assert.Empty(page.FindAll("[data-testid=scoring-no-production]"));
    }

    [Fact]
    public async Task The_annotation_keys_say_there_are_no_classes_yet_and_how_to_add_them()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            // An unlabelled dataset without a label set, as a plain text import leaves it.
            await db.Articles.Where(a => a.DatasetId == datasetId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LabelId, (int?)null));
            await db.LabelClasses.Where(l => l.DatasetId == datasetId).ExecuteDeleteAsync();
        }

        var page = Render<AnnotatePage>(p => p.Add(x => x.DatasetId, datasetId));
        page.WaitForAssertion(() => Assert.StartsWith("No classes yet, so no label keys: an Admin adds classes in Settings", page.Find("[data-testid=keys-help]").TextContent.Trim()));
        Assert.DoesNotContain("1–1", page.Find("[data-testid=keys-help]").TextContent);
    }

    [Fact]
    public async Task The_annotation_keys_cover_the_label_set()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        var page = Render<AnnotatePage>(p => p.Add(x => x.DatasetId, datasetId));
        page.WaitForAssertion(() => Assert.StartsWith("Keys 1–4 label · S skip", page.Find("[data-testid=keys-help]").TextContent.Trim()));
    }

    [Fact]
    public async Task The_Label_button_is_shown_only_to_roles_that_may_label()
    {
        var datasetId = await ImportAsync("four", FourArticles);
        SignInAs("vic", AppRoles.Viewer);
        var viewer = Render<DatasetPage>(p => p.Add(x => x.DatasetId, datasetId));
        viewer.WaitForAssertion(() => viewer.Find("[data-testid=dataset-title]"));
        Assert.Empty(viewer.FindAll("[data-testid=dataset-label]"));

        SignInAs("ann", AppRoles.Annotator);
        var annotator = Render<DatasetPage>(p => p.Add(x => x.DatasetId, datasetId));
        annotator.WaitForAssertion(() => Assert.Equal($"/labeling/{datasetId}", annotator.Find("[data-testid=dataset-label]").GetAttribute("href")));
    }
}
