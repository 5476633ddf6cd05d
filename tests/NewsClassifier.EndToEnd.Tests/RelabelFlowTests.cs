using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Data;
using NewsClassifier.Domain.Labeling;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>Labeling the data you have: the relabel mode over a fully labelled import, driven by the keyboard in Chromium,
/// the out-of-fold label-error scan, the file's suggestion on the annotate card and the inline label set.</summary>
public class RelabelFlowTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private static readonly string Shots = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "nc-relabel-screenshots")).FullName;

    [Fact]
    public async Task Relabel_mode_on_a_fully_labelled_dataset_changes_a_label_with_the_keyboard_and_the_scan_finds_likely_errors()
    {
        var datasetId = await app.ImportSampleAsync("relabel-flow", 600);
        var page = await app.OpenAsync($"/labeling/{datasetId}/relabel");
        await page.SetViewportSizeAsync(1440, 900);
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("relabel-count")).ToHaveTextAsync("600 articles match");
        var title = await page.GetByTestId("relabel-title").TextContentAsync();
        var (_, gold) = await ArticleAsync(datasetId, title!);
        Assert.NotNull(gold);

        await page.GetByTestId("relabel-card").FocusAsync();
        await page.Keyboard.PressAsync("?");
        await Expect(page.GetByTestId("relabel-keys")).ToContainTextAsync("confirm the gold label");
        await ScreenshotAsync(page, "relabel-tab.png");

        // The admin reviews, so a changed label is the gold label at once; the next article comes up.
        var labels = await LabelsAsync(datasetId);
        var other = labels.First(l => l.Id != gold);
        await page.Keyboard.PressAsync(other.Key!.Value.ToString());
        await Expect(page.GetByTestId("relabel-title")).Not.ToHaveTextAsync(title!);
        await Expect(page.GetByTestId("relabel-count")).ToHaveTextAsync("599 articles match");
        Assert.Equal(other.Id, (await ArticleAsync(datasetId, title!)).Gold);
        // Enter confirms the next one; ← goes back to the changed article, which says what you did.
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("relabel-count")).ToHaveTextAsync("598 articles match");
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("k");
        await Expect(page.GetByTestId("relabel-title")).ToHaveTextAsync(title!);
        await Expect(page.GetByTestId("relabel-mine")).ToContainTextAsync($"Your label: {other.Name}");

        // The out-of-fold scan (5-fold TF-IDF baseline), with a threshold low enough for 600 articles to give a few.
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AnnotationQueue>().SaveSettingsAsync(datasetId, 1, ActiveLearningStrategy.LeastConfidence, 0.6, CancellationToken.None);
        await page.GetByTestId("error-scan-start").ClickAsync();
        await Expect(page.GetByTestId("error-scan-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("error-scan-message")).ToContainTextAsync("600 gold articles predicted out of fold (5-fold TF-IDF baseline");
        output.WriteLine(await page.GetByTestId("error-scan-message").TextContentAsync());
        await page.GetByTestId($"relabel-focus-{RelabelFocus.LikelyError}").ClickAsync();
        await Expect(page.GetByTestId("relabel-likely-error")).ToContainTextAsync("out-of-fold prediction, 5-fold TF-IDF baseline");
        await ScreenshotAsync(page, "relabel-likely-error.png");

        await page.GotoAsync($"{app.BaseUrl}/labeling/{datasetId}/review");
        await Expect(page.GetByTestId("review-evidence").First).ToContainTextAsync("Evidence: out-of-fold prediction, 5-fold TF-IDF baseline");
        await ScreenshotAsync(page, "review-evidence.png");
    }

    [Fact]
    public async Task The_annotate_card_offers_the_files_suggestion_and_a_dataset_without_classes_gets_them_inline()
    {
        var datasetId = await app.ImportSampleAsync("suggestion-flow", 40);
        var labels = await LabelsAsync(datasetId);
        await using (var db = await DbAsync())
        {
            // What an import keeping file labels as suggestions leaves: the first article unlabelled, with the file's label proposed.
            var first = await db.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.Id).FirstAsync();
            first.SuggestedLabelId = first.LabelId;
            first.LabelId = null;
            await db.SaveChangesAsync();
            await db.Datasets.Where(d => d.Id == datasetId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LabelledCount, 39));
        }
        var page = await app.OpenAsync($"/labeling/{datasetId}");
        await page.SetViewportSizeAsync(1440, 900);
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("file-suggestion")).ToContainTextAsync("The file says:");
        await ScreenshotAsync(page, "annotate-suggestion.png");
        await page.GetByTestId("annotation-card").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("queue-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("progress-gold")).ToHaveTextAsync("40 / 40");

        var path = Path.Combine(app.DataDirectory, "bare.jsonl");
        await File.WriteAllLinesAsync(path, ["""{"title":"Oil prices climb","text":"Crude rose again."}""", """{"title":"Cup final tonight","text":"Both teams are ready."}"""]);
        int bare;
        using (var scope = app.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<DatasetImporter>().ImportAsync(new ImportRequest(path, "bare-flow", new ImportSpec(ImportFormat.Jsonl), path), null, CancellationToken.None);
            Assert.True(result.Succeeded, result.Message);
            bare = result.DatasetId!.Value;
        }
        await page.GotoAsync($"{app.BaseUrl}/labeling/{bare}");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        var input = BrowserApp.Field(page, "label-set-input");
        foreach (var name in new[] { "Energy", "Sports", "Science" })
        {
            await input.FillAsync(name);
            await input.PressAsync("Enter");
        }
        await Expect(page.GetByTestId("label-set-chip")).ToHaveCountAsync(3);
        await ScreenshotAsync(page, "label-set-form.png");
        await page.GetByTestId("label-set-create").ClickAsync();
        await Expect(page.GetByTestId("article-title")).ToHaveTextAsync("Oil prices climb");
        await page.GetByTestId("annotation-card").FocusAsync();
        await page.Keyboard.PressAsync("1");
        await Expect(page.GetByTestId("article-title")).ToHaveTextAsync("Cup final tonight");
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        // Let MudBlazor's colour transitions finish: a button caught mid-fade looks disabled.
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Shots, name), Style = ".mud-snackbar { visibility: hidden !important; }" });
    }

    private async Task<NewsDbContext> DbAsync() => await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();

    private async Task<(long Id, int? Gold)> ArticleAsync(int datasetId, string title)
    {
        await using var db = await DbAsync();
        var article = await db.Articles.AsNoTracking().Where(a => a.DatasetId == datasetId && a.Title == title).OrderBy(a => a.Id).FirstAsync();
        return (article.Id, article.LabelId);
    }

    private async Task<IReadOnlyList<LabelOption>> LabelsAsync(int datasetId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AnnotationQueue>().LabelsAsync(datasetId, CancellationToken.None);
    }
}
