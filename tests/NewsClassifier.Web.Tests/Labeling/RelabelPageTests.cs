using Bunit;
using Microsoft.EntityFrameworkCore;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Data;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Web.Components.Pages.Labeling;
using NewsClassifier.Web.Tests.Pages;

namespace NewsClassifier.Web.Tests.Labeling;

/// <summary>The relabel tab, the inline label-set form, the file's suggestion on the annotate card and the evidence on the
/// review card, on real services and a migrated SQLite file (no mocks), for a Scientist (labels, reviews, trains).</summary>
public sealed class RelabelPageTests : PageTestContext
{
    public RelabelPageTests() => SignInAs("sam", AppRoles.Scientist);

    private T Get<T>() where T : notnull => CircuitServices.GetRequiredService<T>();

    [Fact]
    public async Task Keys_change_confirm_skip_and_walk_back_over_a_fully_labelled_dataset()
    {
        var datasetId = await ImportLabelledAsync();
        var page = Render<RelabelPage>(p => p.Add(x => x.DatasetId, datasetId));
        page.WaitForAssertion(() => Assert.Equal("Oil prices climb", page.Find("[data-testid=relabel-title]").TextContent));
        Assert.Contains("Gold: Business", page.Find("[data-testid=relabel-gold]").TextContent);
        Assert.Equal("4 articles match", page.Find("[data-testid=relabel-count]").TextContent.Trim());
        Assert.Contains("becomes the gold label at once", page.Find("[data-testid=relabel-role]").TextContent);
        var card = () => page.Find("[data-testid=relabel-card]");

        card().KeyDown("1"); // Business -> World: a reviewer's decision
        page.WaitForAssertion(() => Assert.Equal("Rocket reaches orbit", page.Find("[data-testid=relabel-title]").TextContent));
        Assert.Equal("World", await GoldAsync("Oil prices climb"));
        card().KeyDown("Enter"); // confirms Sci/Tech
        page.WaitForAssertion(() => Assert.Equal("Cup final tonight", page.Find("[data-testid=relabel-title]").TextContent));
        Assert.Equal("Sci/Tech", await GoldAsync("Rocket reaches orbit"));
        card().KeyDown("s");
        page.WaitForAssertion(() => Assert.Equal("Markets open higher", page.Find("[data-testid=relabel-title]").TextContent));
        page.WaitForAssertion(() => Assert.Equal("1 article match", page.Find("[data-testid=relabel-count]").TextContent.Trim()));

        card().KeyDown("k");
        page.WaitForAssertion(() => Assert.Contains("You skipped it", page.Find("[data-testid=relabel-mine]").TextContent));
        card().KeyDown("ArrowLeft");
        page.WaitForAssertion(() => Assert.Contains("Your label: Sci/Tech", page.Find("[data-testid=relabel-mine]").TextContent));
        card().KeyDown("j");
        page.WaitForAssertion(() => Assert.Equal("Cup final tonight", page.Find("[data-testid=relabel-title]").TextContent));

        card().KeyDown("?");
        page.WaitForAssertion(() => Assert.Contains("confirm the gold label", page.Find("[data-testid=relabel-keys]").TextContent));

        // A class filter starts the walk again over that class only.
        await page.InvokeAsync(() => page.FindComponent<MudBlazor.MudSelect<int?>>().Instance.ValueChanged.InvokeAsync(LabelId(datasetId, "Business")));
        page.WaitForAssertion(() => Assert.Equal("Markets open higher", page.Find("[data-testid=relabel-title]").TextContent));
        Assert.Equal("1 article match", page.Find("[data-testid=relabel-count]").TextContent.Trim());
    }

    [Fact]
    public async Task A_dataset_without_classes_gets_them_inline_and_the_queue_starts()
    {
        var path = Path.Combine(DataDirectory, "bare.jsonl");
        await File.WriteAllLinesAsync(path, ["""{"title":"Oil prices climb","text":"Crude rose."}""", """{"title":"Cup final tonight","text":"Both teams."}"""]);
        var result = await Get<DatasetImporter>().ImportAsync(new ImportRequest(path, "bare", new ImportSpec(ImportFormat.Jsonl), path), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        var datasetId = result.DatasetId!.Value;

        var page = Render<AnnotatePage>(p => p.Add(x => x.DatasetId, datasetId));
        page.WaitForAssertion(() => page.Find("[data-testid=label-set-starter]"));
        Assert.True(page.Find("[data-testid=label-set-create]").HasAttribute("disabled"));
        page.Find("input[data-testid=label-set-input]").Input("Energy, Sports");
        page.Find("[data-testid=label-set-add]").Click();
        page.WaitForAssertion(() => Assert.Equal(["1Energy", "2Sports"], page.FindAll("[data-testid=label-set-chip]").Select(c => string.Concat(c.TextContent.Where(ch => !char.IsWhiteSpace(ch))))));
        page.Find("[data-testid=label-set-create]").Click();

        page.WaitForAssertion(() => Assert.Equal("Oil prices climb", page.Find("[data-testid=article-title]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=label-set-starter]"));
        Assert.Equal(["Energy", "Sports"], (await Get<AnnotationQueue>().LabelsAsync(datasetId, CancellationToken.None)).Select(l => l.Name));
        page.Find("[data-testid=annotation-card]").KeyDown("2");
        page.WaitForAssertion(() => Assert.Equal("Cup final tonight", page.Find("[data-testid=article-title]").TextContent));
    }

    [Fact]
    public async Task The_annotate_card_shows_the_files_suggestion_and_enter_accepts_it()
    {
        var datasetId = await ImportLabelledAsync();
        await using var db = await AppServices.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        int sports = LabelId(datasetId, "Sports");
        // What an import that keeps the file's labels as suggestions leaves: no gold label, a suggestion.
        await db.Articles.Where(a => a.DatasetId == datasetId && a.Title == "Cup final tonight")
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LabelId, (int?)null).SetProperty(a => a.SuggestedLabelId, sports));
        await db.Datasets.Where(d => d.Id == datasetId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LabelledCount, 3));

        var page = Render<AnnotatePage>(p => p.Add(x => x.DatasetId, datasetId));
        page.WaitForAssertion(() => Assert.Equal("Cup final tonight", page.Find("[data-testid=article-title]").TextContent));
        Assert.Contains("The file says: Sports", page.Find("[data-testid=file-suggestion]").TextContent);
        page.Find("[data-testid=annotation-card]").KeyDown("Enter");
        page.WaitForAssertion(() => page.Find("[data-testid=queue-empty]"));
        Assert.Equal("Sports", await GoldAsync("Cup final tonight"));
    }

    [Fact]
    public async Task The_review_card_says_which_predictions_raised_a_likely_label_error()
    {
        var datasetId = await ImportLabelledAsync();
        await using var db = await AppServices.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        var article = await db.Articles.SingleAsync(a => a.DatasetId == datasetId && a.Title == "Cup final tonight");
        db.ReviewItems.Add(new ReviewItem
        {
            DatasetId = datasetId, ArticleId = article.Id, Reason = ReviewReason.LikelyLabelError, ProposedLabelId = LabelId(datasetId, "World"), Confidence = 0.96,
            Status = ReviewStatus.Open, CreatedBy = LabelErrorScanner.Creator, CreatedAt = DateTime.UtcNow, Evidence = LabelErrorScanner.EvidenceFor(5),
        });
        await db.SaveChangesAsync();

        var review = Render<ReviewPage>(p => p.Add(x => x.DatasetId, datasetId));
        review.WaitForAssertion(() => Assert.Contains("Evidence: out-of-fold prediction, 5-fold TF-IDF baseline", review.Find("[data-testid=review-evidence]").TextContent));

        // The relabel tab's likely-error focus shows it too, with the same evidence.
        var page = Render<RelabelPage>(p => p.Add(x => x.DatasetId, datasetId));
        page.WaitForAssertion(() => page.Find("[data-testid=relabel-title]"));
        page.Find($"[data-testid=relabel-focus-{RelabelFocus.LikelyError}]").Click();
        page.WaitForAssertion(() => Assert.Contains("out-of-fold prediction, 5-fold TF-IDF baseline", page.Find("[data-testid=relabel-likely-error]").TextContent));
        Assert.Equal("Cup final tonight", page.Find("[data-testid=relabel-title]").TextContent);
    }

    private int LabelId(int datasetId, string name)
    {
        using var db = AppServices.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContext();
        return db.LabelClasses.Where(l => l.DatasetId == datasetId && l.Name == name).Select(l => l.Id).Single();
    }

    private async Task<int> ImportLabelledAsync()
    {
        // AG News numbering: 1 World, 2 Sports, 3 Business, 4 Sci/Tech.
        var path = Path.Combine(DataDirectory, "labelled.csv");
        await File.WriteAllLinesAsync(path,
        [
            "label,title,description",
            "3,Oil prices climb,Crude rose again on supply worries.",
            "4,Rocket reaches orbit,The launch went as planned.",
            "2,Cup final tonight,Both teams are at full strength.",
            "3,Markets open higher,Shares gained in early trading.",
        ]);
        var result = await Get<DatasetImporter>().ImportAsync(new ImportRequest(path, $"labelled-{Guid.NewGuid():N}"[..20], new ImportSpec(), path), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        return result.DatasetId!.Value;
    }

    private async Task<string?> GoldAsync(string title)
    {
        await using var db = await AppServices.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await (from a in db.Articles join l in db.LabelClasses on a.LabelId equals l.Id where a.Title == title select l.Name).SingleOrDefaultAsync();
    }
}
