using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewsClassifier.Data;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Jobs.Labeling;
using NewsClassifier.Jobs.Snapshots;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>
/// An annotator labels 10 articles with the keyboard (k = 2), a second annotator disagrees on one of them, a reviewer
/// settles it in the review queue, and the next training snapshot carries the adjudicated label. Until accounts exist
/// the browser is the anonymous user and the second annotator answers through the service.
/// </summary>
public class LabelingFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Annotate_ten_articles_by_keyboard_adjudicate_a_disagreement_and_the_snapshot_uses_it()
    {
        var datasetId = await app.ImportSampleAsync("labeling-flow", 200);
        long[] fresh;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync())
        {
            fresh = await db.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.Id).Select(a => a.Id).Take(12).ToArrayAsync();
            await db.Articles.Where(a => fresh.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.LabelId, (int?)null));
        }
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<AnnotationQueue>().SaveSettingsAsync(datasetId, 2, ActiveLearningStrategy.None, 0.9, CancellationToken.None);

        var page = await app.OpenAsync($"/labeling/{datasetId}");
        var title = page.GetByTestId("article-title");
        await Expect(page.GetByTestId("current-user")).ToHaveTextAsync("anonymous");
        await page.GetByTestId("annotation-card").FocusAsync();
        for (int i = 0; i < 10; i++)
        {
            var before = await title.TextContentAsync();
            await page.Keyboard.PressAsync(((i % 4) + 1).ToString());
            await Expect(title).Not.ToHaveTextAsync(before ?? "");
        }
        await Expect(page.GetByTestId("my-count")).ToHaveTextAsync("10");

        // A second annotator agrees on the first article and disagrees on the second.
        long agreed = fresh[0], disputed = fresh[1];
        using (var scope = app.Services.CreateScope())
        {
            var queue = scope.ServiceProvider.GetRequiredService<AnnotationQueue>();
            var labels = await queue.LabelsAsync(datasetId, CancellationToken.None);
            await queue.AnnotateAsync(datasetId, agreed, "bob", labels[0].Id, CancellationToken.None);    // anonymous pressed 1
            await queue.AnnotateAsync(datasetId, disputed, "bob", labels[3].Id, CancellationToken.None);  // anonymous pressed 2
        }

        await page.GotoAsync($"{app.BaseUrl}/labeling/{datasetId}/agreement");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("pair-row")).ToContainTextAsync("bob");

        await page.GotoAsync($"{app.BaseUrl}/labeling/{datasetId}/review");
        await BrowserApp.WaitUntilInteractiveAsync(page);
        var item = page.GetByTestId("review-item");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item).ToContainTextAsync("Annotators disagree");
        await Expect(item).ToContainTextAsync("bob: Sci/Tech");
        await item.Locator("[data-testid^=resolve-][data-testid$='-4']").ClickAsync();
        await Expect(page.GetByTestId("review-empty")).ToBeVisibleAsync();

        using (var scope = app.Services.CreateScope())
        {
            var snapshot = await scope.ServiceProvider.GetRequiredService<SnapshotService>().CreateOrReuseAsync(datasetId, 0.2, 42, CancellationToken.None);
            Assert.Equal("Sci/Tech", snapshot.Data.LabelNames[snapshot.Data.Labels[Array.IndexOf(snapshot.ArticleIds, disputed)]]);
            Assert.Equal("World", snapshot.Data.LabelNames[snapshot.Data.Labels[Array.IndexOf(snapshot.ArticleIds, agreed)]]);
            // The other eight have one annotation of the two wanted: not gold, not in the snapshot.
            Assert.All(fresh.Skip(2), id => Assert.DoesNotContain(id, snapshot.ArticleIds));
        }
    }
}
