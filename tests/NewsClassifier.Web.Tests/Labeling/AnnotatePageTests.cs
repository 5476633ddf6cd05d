using Bunit;
using Microsoft.EntityFrameworkCore;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Data;
using NewsClassifier.Web.Components.Pages.Labeling;
using NewsClassifier.Web.Tests.Pages;

namespace NewsClassifier.Web.Tests.Labeling;

/// <summary>The annotation page driven by the keyboard, on real services and a migrated SQLite file (no mocks).</summary>
public sealed class AnnotatePageTests : PageTestContext
{
    public AnnotatePageTests() => SignInAs("alice", AppRoles.Annotator, canReview: true);

    [Fact]
    public async Task Pressing_a_number_stores_the_label_and_shows_the_next_article_and_u_undoes_it()
    {
        var datasetId = await ImportUnlabelledAsync();
        var page = Render<AnnotatePage>(p => p.Add(x => x.DatasetId, datasetId));
        page.WaitForAssertion(() => Assert.Equal("Oil prices climb", page.Find("[data-testid=article-title]").TextContent));
        Assert.Equal("alice", page.Find("[data-testid=current-user]").TextContent.Trim());
        page.WaitForAssertion(() => Assert.Contains("No model is in production", page.Find("[data-testid=suggestion]").TextContent));
        // The key is shown on its button.
        Assert.Equal("2Sports", string.Concat(page.Find("[data-testid=label-button-2]").TextContent.Where(c => !char.IsWhiteSpace(c))));

        page.Find("[data-testid=annotation-card]").KeyDown("2");

        page.WaitForAssertion(() => Assert.Equal("Rocket reaches orbit", page.Find("[data-testid=article-title]").TextContent));
        var stored = await AnnotationsAsync();
        var only = Assert.Single(stored);
        Assert.Equal(("alice", "Sports"), only);
        page.WaitForAssertion(() => Assert.Equal("1 / 3", page.Find("[data-testid=progress-gold]").TextContent.Trim()));

        page.Find("[data-testid=annotation-card]").KeyDown("s");
        page.WaitForAssertion(() => Assert.Equal("Cup final tonight", page.Find("[data-testid=article-title]").TextContent));

        page.Find("[data-testid=annotation-card]").KeyDown("u"); // undoes the skip
        page.WaitForAssertion(() => Assert.Equal("Rocket reaches orbit", page.Find("[data-testid=article-title]").TextContent));
        page.Find("[data-testid=annotation-card]").KeyDown("u"); // undoes "Sports" and its gold label
        page.WaitForAssertion(() => Assert.Equal("Oil prices climb", page.Find("[data-testid=article-title]").TextContent));
        Assert.Empty(await AnnotationsAsync());
        page.WaitForAssertion(() => Assert.Equal("0 / 3", page.Find("[data-testid=progress-gold]").TextContent.Trim()));

        // Label it again, then walk back into history with the left arrow and change the answer there.
        page.Find("[data-testid=annotation-card]").KeyDown("3");
        page.WaitForAssertion(() => Assert.Equal("Rocket reaches orbit", page.Find("[data-testid=article-title]").TextContent));
        page.Find("[data-testid=annotation-card]").KeyDown("ArrowLeft");
        page.WaitForAssertion(() => Assert.Contains("your label: Business", page.Find("[data-testid=history-badge]").TextContent));
        page.Find("[data-testid=annotation-card]").KeyDown("1");
        page.WaitForAssertion(() => Assert.Equal("Rocket reaches orbit", page.Find("[data-testid=article-title]").TextContent));
        Assert.Equal(("alice", "World"), Assert.Single(await AnnotationsAsync()));
    }

    [Fact]
    public async Task A_reviewer_settles_a_disagreement_on_the_review_page_and_the_agreement_page_shows_the_pair()
    {
        var datasetId = await ImportUnlabelledAsync();
        var queue = CircuitServices.GetRequiredService<AnnotationQueue>();
        await queue.SaveSettingsAsync(datasetId, 2, NewsClassifier.Domain.Labeling.ActiveLearningStrategy.None, 0.9, CancellationToken.None);
        var labels = await queue.LabelsAsync(datasetId, CancellationToken.None);
        var first = (await queue.NextAsync(datasetId, "alice", [], CancellationToken.None))!.ArticleId;
        await queue.AnnotateAsync(datasetId, first, "alice", labels[0].Id, CancellationToken.None);
        Assert.Equal(first, (await queue.NextAsync(datasetId, "bob", [], CancellationToken.None))!.ArticleId);
        await queue.AnnotateAsync(datasetId, first, "bob", labels[2].Id, CancellationToken.None);

        var agreement = Render<AgreementPage>(p => p.Add(x => x.DatasetId, datasetId));
        agreement.WaitForAssertion(() => Assert.Contains("alice", agreement.Find("[data-testid=pair-row]").TextContent));
        // One article rated World and Business: o_WB = o_BW = 1, n = 2, alpha = 1 - (2 - 1) * 2 / (1*1 + 1*1) = 0.
        Assert.Equal("0.000", agreement.Find("[data-testid=alpha]").TextContent.Trim());

        var review = Render<ReviewPage>(p => p.Add(x => x.DatasetId, datasetId));
        review.WaitForAssertion(() => Assert.Contains("Annotators disagree", review.Find("[data-testid=review-item]").TextContent));
        Assert.Equal(["alice: World", "bob: Business"], review.FindAll("[data-testid=review-annotation]").Select(e => e.TextContent.Trim()).Order());
        review.Find("[data-testid$='-3'][data-testid^=resolve-]").Click();
        review.WaitForAssertion(() => review.Find("[data-testid=review-empty]"));

        await using var db = await AppServices.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        Assert.Equal(labels[2].Id, (await db.Articles.SingleAsync(a => a.Id == first)).LabelId);
        Assert.Equal("alice", (await db.ReviewItems.SingleAsync()).ResolvedBy);
    }

    private async Task<int> ImportUnlabelledAsync()
    {
        // Three unlabelled articles (label column empty is not AG News; a JSONL file without labels is) and the label set.
        var path = Path.Combine(DataDirectory, "fresh.jsonl");
        await File.WriteAllLinesAsync(path,
        [
            """{"title":"Oil prices climb","text":"Crude rose again on supply worries."}""",
            """{"title":"Rocket reaches orbit","text":"The launch went as planned."}""",
            """{"title":"Cup final tonight","text":"Both teams are at full strength."}""",
        ]);
        var result = await AppServices.GetRequiredService<DatasetImporter>()
            .ImportAsync(new ImportRequest(path, "fresh", new ImportSpec(ImportFormat.Jsonl), path), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        var editor = CircuitServices.GetRequiredService<LabelSetEditor>();
        foreach (var name in new[] { "World", "Sports", "Business", "Sci/Tech" })
            await editor.AddAsync(result.DatasetId!.Value, name, CancellationToken.None);
        return result.DatasetId!.Value;
    }

    private async Task<List<(string User, string Label)>> AnnotationsAsync()
    {
        await using var db = await AppServices.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await (from a in db.Annotations
                      join l in db.LabelClasses on a.LabelId equals l.Id
                      select new { a.UserName, l.Name }).ToListAsync() is var rows ? rows.Select(r => (r.UserName, r.Name)).ToList() : [];
    }
}
