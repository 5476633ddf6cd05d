using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Data;
using NewsClassifier.Domain.Accounts;
using static Microsoft.Playwright.Assertions;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>
/// Issue 6's "Done when", with real signed-in users, each in their own browser context: two Annotators label
/// overlapping articles with the keyboard (k = 2, set by the Admin on the settings page), the agreement page shows
/// Cohen's κ for the pair and Krippendorff's α, an Annotator granted "can review" settles the one disagreement, a
/// Scientist's tfidf-baseline run freezes a snapshot with the adjudicated and the agreed labels (and none of the
/// articles with a single annotation), and an Annotator is refused training by the server (page and API).
/// </summary>
public class LabelingFlowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const int Rows = 30, Unlabelled = 12;

    [Fact]
    public async Task Two_annotators_label_by_keyboard_a_reviewer_adjudicates_and_a_scientists_run_trains_on_the_gold()
    {
        // Accounts: two Annotators, an Annotator an Admin lets review, and a Scientist.
        await app.CreateUserAsync("ann1", AppRoles.Annotator);
        await app.CreateUserAsync("ann2", AppRoles.Annotator);
        await app.CreateUserAsync("rev", AppRoles.Annotator);
        await app.CreateUserAsync("sci", AppRoles.Scientist);
        await app.Services.GetRequiredService<UserAdministration>().SetCanReviewAsync("rev", true, BrowserApp.AdminUser);

        // A small labelled import whose first articles lose their labels: that is the pool to label.
        var datasetId = await app.ImportSampleAsync("labeling-flow", Rows);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>();
        long[] pool;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            pool = await db.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.Id).Select(a => a.Id).Take(Unlabelled).ToArrayAsync();
            await db.Articles.Where(a => pool.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.LabelId, (int?)null));
            await db.Datasets.Where(d => d.Id == datasetId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LabelledCount, Rows - Unlabelled));
        }
        IReadOnlyList<LabelOption> labels;
        using (var scope = app.Services.CreateScope())
            labels = await scope.ServiceProvider.GetRequiredService<AnnotationQueue>().LabelsAsync(datasetId, CancellationToken.None);
        string LabelOfKey(int key) => labels.Single(l => l.Ordinal == key - 1).Name;

        // The Admin asks for two annotations per article on the settings page.
        var admin = await app.OpenAsync($"/labeling/{datasetId}/settings");
        var overlap = BrowserApp.Field(admin, "settings-overlap");
        await overlap.FillAsync("2");
        await overlap.BlurAsync();
        await admin.GetByTestId("settings-save").ClickAsync();
        await Expect(admin.GetByText("Settings saved.")).ToBeVisibleAsync();

        // ann1 labels ten articles with number keys, changes their mind once (U) and skips one (S).
        var ann1 = await app.OpenAsync($"/labeling/{datasetId}", "ann1");
        await Expect(ann1.GetByTestId("current-user")).ToHaveTextAsync("ann1");
        await Expect(ann1.GetByTestId("progress-gold")).ToHaveTextAsync($"{Rows - Unlabelled} / {Rows}");
        await ann1.GetByTestId("annotation-card").FocusAsync();
        var ann1Keys = new Dictionary<string, int>();
        var ann1Order = new List<string>();

        ann1Order.Add(await AnswerAsync(ann1, "1"));
        ann1Keys[ann1Order[0]] = 1;
        var second = await AnswerAsync(ann1, "3");
        await Expect(ann1.GetByTestId("my-count")).ToHaveTextAsync("2");
        await ann1.Keyboard.PressAsync("u");
        await Expect(ann1.GetByTestId("article-title")).ToHaveTextAsync(second);
        await Expect(ann1.GetByTestId("my-count")).ToHaveTextAsync("1");
        for (int i = 1; i < 10; i++)
        {
            int key = i % 4 + 1;
            var answered = await AnswerAsync(ann1, key.ToString());
            if (i == 1) Assert.Equal(second, answered);
            ann1Order.Add(answered);
            ann1Keys[answered] = key;
        }
        await Expect(ann1.GetByTestId("my-count")).ToHaveTextAsync("10");
        await AnswerAsync(ann1, "s");
        await Expect(ann1.GetByTestId("user-count").Filter(new() { HasText = "ann1" })).ToContainTextAsync("(1 skipped)");
        // k = 2: one annotation per article makes no gold yet.
        await Expect(ann1.GetByTestId("progress-gold")).ToHaveTextAsync($"{Rows - Unlabelled} / {Rows}");

        // ann2, in another browser, labels four of the same articles: the same key as ann1 except on the second one.
        var ann2 = await app.OpenAsync($"/labeling/{datasetId}", "ann2");
        await Expect(ann2.GetByTestId("current-user")).ToHaveTextAsync("ann2");
        await ann2.GetByTestId("annotation-card").FocusAsync();
        var agreedTitles = new List<string>();
        var ann2Order = new List<string>();
        string disputedTitle = "";
        int ann1Disputed = 0, ann2Disputed = 0;
        for (int j = 0; j < 4; j++)
        {
            var title = Normalize(await ann2.GetByTestId("article-title").TextContentAsync());
            Assert.True(ann1Keys.TryGetValue(title, out var ann1Key), $"ann2 was offered '{title}', which ann1 did not label.");
            ann2Order.Add(title);
            if (j == 1)
            {
                (disputedTitle, ann1Disputed, ann2Disputed) = (title, ann1Key, ann1Key % 4 + 1);
                await AnswerAsync(ann2, ann2Disputed.ToString());
                await Expect(ann2.GetByText("The annotators disagree: the article went to the review queue.")).ToBeVisibleAsync();
            }
            else
            {
                agreedTitles.Add(title);
                await AnswerAsync(ann2, ann1Key.ToString());
            }
        }
        await Expect(ann2.GetByTestId("my-count")).ToHaveTextAsync("4");
        // Three agreements became gold; the disagreement waits for review.
        await Expect(ann2.GetByTestId("progress-gold")).ToHaveTextAsync($"{Rows - Unlabelled + 3} / {Rows}");

        // Agreement: ann1 pressed 1,2,3,4 on the shared articles, ann2 1,3,3,4. By hand: Cohen's κ = (3/4 - 1/4) / (1 - 1/4)
        // = 0.667; Krippendorff's α (nominal, 8 values: 2×label 1, 1×2, 3×3, 2×4; 2 of 8 pairs disagree)
        // = 1 - (2/8) / ((64 - 18) / 56) = 0.696.
        Assert.Equal(ann1Order.Take(4), ann2Order); // the queue offers ann2 the oldest half-labelled articles first
        await ann2.GotoAsync($"{app.BaseUrl}/labeling/{datasetId}/agreement");
        await BrowserApp.WaitUntilInteractiveAsync(ann2);
        var pair = ann2.GetByTestId("pair-row");
        await Expect(pair).ToHaveCountAsync(1);
        await Expect(pair).ToContainTextAsync("ann1");
        await Expect(pair).ToContainTextAsync("ann2");
        await Expect(pair.GetByTestId("pair-kappa")).ToHaveTextAsync("0.667");
        await Expect(ann2.GetByTestId("alpha")).ToHaveTextAsync("0.696");

        // rev (an Annotator allowed to review) sees both labels of the disputed article and picks a third as gold.
        var rev = await app.OpenAsync($"/labeling/{datasetId}/review", "rev");
        await Expect(rev.GetByTestId("signed-in-role")).ToHaveTextAsync("Annotator");
        await Expect(rev.GetByTestId("current-user")).ToHaveTextAsync("rev");
        var item = rev.GetByTestId("review-item");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item.GetByTestId("review-reason")).ToHaveTextAsync("Annotators disagree");
        await Expect(item.GetByTestId("review-title")).ToHaveTextAsync(disputedTitle);
        await Expect(item.GetByTestId("review-annotation")).ToHaveTextAsync([$"ann1: {LabelOfKey(ann1Disputed)}", $"ann2: {LabelOfKey(ann2Disputed)}"]);
        int goldKey = Enumerable.Range(1, 4).First(k => k != ann1Disputed && k != ann2Disputed);
        await item.Locator($"[data-testid^=resolve-][data-testid$='-{goldKey}']").ClickAsync();
        await Expect(rev.GetByText($"Gold label set to {LabelOfKey(goldKey)}.")).ToBeVisibleAsync();
        await Expect(rev.GetByTestId("review-empty")).ToBeVisibleAsync();

        // The Scientist trains the fast baseline on the dataset from the New run page.
        var sci = await app.OpenAsync($"/experiments/new?dataset={datasetId}", "sci");
        await sci.GetByTestId("run-recipe").ClickAsync();
        await sci.GetByRole(AriaRole.Option, new() { Name = "tfidf-baseline", Exact = true }).ClickAsync();
        await Expect(BrowserApp.Field(sci, "param-word_ngrams")).ToBeVisibleAsync();
        await sci.GetByTestId("start-run").ClickAsync();
        await Expect(sci).ToHaveURLAsync(new Regex("/experiments/\\d+$"));
        await Expect(sci.GetByTestId("run-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
        var runId = int.Parse(Regex.Match(sci.Url, "/experiments/(\\d+)$").Groups[1].Value);

        // Its snapshot holds the adjudicated label, the agreed labels, and no article with a single annotation.
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var run = await db.TrainingRuns.AsNoTracking().SingleAsync(r => r.Id == runId);
            Assert.Equal(datasetId, run.DatasetId);
            Assert.Equal("sci", run.StartedBy);
            Assert.Equal("tfidf-baseline", run.Recipe);
            var frozen = await db.SnapshotArticles.AsNoTracking().Where(s => s.SnapshotId == run.SnapshotId)
                .ToDictionaryAsync(s => s.ArticleId, s => s.LabelOrdinal);
            var ids = await db.Articles.AsNoTracking().Where(a => pool.Contains(a.Id)).ToDictionaryAsync(a => a.Title, a => a.Id);

            Assert.Equal(goldKey - 1, frozen[ids[disputedTitle]]);
            foreach (var title in agreedTitles) Assert.Equal(ann1Keys[title] - 1, frozen[ids[title]]);
            var single = pool.Except(agreedTitles.Append(disputedTitle).Select(t => ids[t])).ToList();
            Assert.Equal(Unlabelled - 4, single.Count);
            Assert.All(single, id => Assert.DoesNotContain(id, frozen.Keys));
            Assert.Equal(Rows - Unlabelled + 4, frozen.Count);
        }

        // An Annotator cannot train: the page is refused, and so is the API with their own cookie.
        await ann1.GotoAsync($"{app.BaseUrl}/experiments/new");
        await Expect(ann1).ToHaveURLAsync(new Regex("/account/access-denied"));
        await Expect(ann1.GetByTestId("access-denied")).ToContainTextAsync("Annotator");
        var api = ann1.Context.APIRequest;
        var list = await api.GetAsync($"{app.BaseUrl}/api/runs");
        Assert.Equal((int)HttpStatusCode.OK, list.Status); // the cookie is a signed-in session: the refusal below is the role
        var start = await api.PostAsync($"{app.BaseUrl}/api/runs", new() { DataObject = new { datasetId, recipe = "tfidf-baseline" } });
        Assert.Equal((int)HttpStatusCode.Forbidden, start.Status);
        await using (var db = await contexts.CreateDbContextAsync())
            Assert.Equal(1, await db.TrainingRuns.CountAsync(r => r.DatasetId == datasetId));
    }

    /// <summary>Presses <paramref name="key"/> on the shown card and waits for the next one; returns the answered title.</summary>
    private static async Task<string> AnswerAsync(IPage page, string key)
    {
        var title = page.GetByTestId("article-title");
        var before = Normalize(await title.TextContentAsync());
        await page.Keyboard.PressAsync(key);
        await Expect(title).Not.ToHaveTextAsync(before);
        return before;
    }

    private static string Normalize(string? text) => Regex.Replace(text ?? "", "\\s+", " ").Trim();
}
