using NewsClassifier.TestSupport;

namespace NewsClassifier.Web.Tests.Labeling;

/// <summary>The labelling endpoints over real HTTP.</summary>
public class LabelingApiTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    [Fact]
    public async Task Next_annotate_progress_agreement_and_report_over_http()
    {
        var (datasetId, unlabelled) = await LabelingSeed.ImportAsync(app, "api-sample", rows: 40, unlabelled: 2);
        int world = await LabelingSeed.LabelIdAsync(app, datasetId, "World");
        var client = await app.ClientAsync(AppRoles.Annotator);

        var reserved = await client.PostAsync($"/api/labeling/{datasetId}/next", null);
        Assert.Equal(HttpStatusCode.OK, reserved.StatusCode);
        var next = await reserved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(unlabelled[0], next.GetProperty("articleId").GetInt64());

        var annotated = await client.PostAsJsonAsync($"/api/labeling/{datasetId}/annotations", new { articleId = unlabelled[0], labelId = world });
        Assert.Equal(HttpStatusCode.OK, annotated.StatusCode);
        var body = await annotated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("annotator", "BecameGold"), (body.GetProperty("userName").GetString(), body.GetProperty("effect").GetString()));

        var refused = await client.PostAsJsonAsync($"/api/labeling/{datasetId}/annotations", new { articleId = unlabelled[1], labelId = 999_999 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("not in this dataset's label set", await refused.Content.ReadAsStringAsync());

        var progress = await client.GetFromJsonAsync<JsonElement>($"/api/labeling/{datasetId}/progress");
        Assert.Equal(39, progress.GetProperty("gold").GetInt32());
        Assert.Equal(1, progress.GetProperty("users")[0].GetProperty("labelled").GetInt32());

        var agreement = await client.GetFromJsonAsync<JsonElement>($"/api/labeling/{datasetId}/agreement");
        Assert.Equal("not enough data", agreement.GetProperty("alpha").GetProperty("why").GetString());

        var report = await client.PostAsJsonAsync($"/api/labeling/{datasetId}/reports", new { title = "Markets rally", text = "", labelId = world, note = "api" });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/labeling/999999/progress")).StatusCode);
    }

    [Fact]
    public async Task Reserving_the_next_article_is_a_post_and_a_get_changes_nothing()
    {
        var (datasetId, _) = await LabelingSeed.ImportAsync(app, "api-get-next", rows: 20, unlabelled: 2);
        using var client = await app.ClientAsync(AppRoles.Annotator);
        var reservations = app.Services.GetRequiredService<NewsClassifier.Application.Labeling.ArticleReservations>();
        var held = (await reservations.HeldByOthersAsync("someone-else", CancellationToken.None)).Count;

        using var response = await client.GetAsync($"/api/labeling/{datasetId}/next");

        // No GET endpoint at that path any more: the request never reaches the queue.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(held, (await reservations.HeldByOthersAsync("someone-else", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Relabel_over_http_a_viewer_is_refused_an_annotator_proposes_and_an_admin_decides()
    {
        var (datasetId, _) = await LabelingSeed.ImportAsync(app, "api-relabel", rows: 20, unlabelled: 0);
        int sports = await LabelingSeed.LabelIdAsync(app, datasetId, "Sports");
        using var annotator = await app.ClientAsync(AppRoles.Annotator);
        var first = await annotator.GetFromJsonAsync<JsonElement>($"/api/labeling/{datasetId}/relabel/next?labelId={await LabelingSeed.LabelIdAsync(app, datasetId, "Business")}");
        long articleId = first.GetProperty("articleId").GetInt64();
        int gold = first.GetProperty("goldLabelId").GetInt32();

        using var viewer = await app.ClientAsync(AppRoles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/labeling/{datasetId}/relabel", new { articleId, labelId = sports })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/labeling/{datasetId}/relabel/next")).StatusCode);
        Assert.Equal(gold, await LabelingSeed.GoldAsync(app, articleId));

        var proposed = await annotator.PostAsJsonAsync($"/api/labeling/{datasetId}/relabel", new { articleId, labelId = sports });
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        Assert.Equal("SentToReview", (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("effect").GetString());
        Assert.Equal(gold, await LabelingSeed.GoldAsync(app, articleId));
        var again = await annotator.PostAsJsonAsync($"/api/labeling/{datasetId}/relabel", new { articleId, labelId = sports });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("waiting for review", await again.Content.ReadAsStringAsync());

        using var admin = await app.ClientAsync(AppRoles.Admin);
        var decided = await admin.PostAsJsonAsync($"/api/labeling/{datasetId}/relabel", new { articleId, labelId = sports });
        Assert.Equal("Changed", (await decided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("effect").GetString());
        Assert.Equal(sports, await LabelingSeed.GoldAsync(app, articleId));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/labeling/{datasetId}/relabel", new { articleId })).StatusCode);
    }

    [Fact]
    public async Task A_first_label_set_and_a_scan_are_for_scientists_and_admins_and_refused_when_they_cannot_work()
    {
        var (datasetId, _) = await LabelingSeed.ImportAsync(app, "api-label-set", rows: 8, unlabelled: 0);
        using var annotator = await app.ClientAsync(AppRoles.Annotator);
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.PostAsJsonAsync($"/api/labeling/{datasetId}/label-set", new { names = new[] { "A", "B" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await annotator.PostAsync($"/api/labeling/{datasetId}/label-errors/scan", null)).StatusCode);

        using var scientist = await app.ClientAsync(AppRoles.Scientist);
        var existing = await scientist.PostAsJsonAsync($"/api/labeling/{datasetId}/label-set", new { names = new[] { "A", "B" } });
        Assert.Equal(HttpStatusCode.BadRequest, existing.StatusCode);
        Assert.Contains("already has a label set", await existing.Content.ReadAsStringAsync());
        var tooFew = await scientist.PostAsync($"/api/labeling/{datasetId}/label-errors/scan", null);
        Assert.Equal(HttpStatusCode.BadRequest, tooFew.StatusCode);
        Assert.Contains("at least 10 gold articles", await tooFew.Content.ReadAsStringAsync());
    }
}
