using NewsClassifier.Application.Labeling;
using NewsClassifier.Application.Runs;
using NewsClassifier.Web.Accounts;

namespace NewsClassifier.Web.Tests.Accounts;

/// <summary>Cookie-authenticated writes under /api need <c>X-NewsClassifier: 1</c>, which a form on a same-site page
/// cannot send; reads, anonymous callers (401) and wrong roles (403) are answered as before.</summary>
public class CookieWriteHeaderTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>
{
    [Fact]
    public async Task A_signed_in_write_without_the_header_is_refused_and_changes_nothing()
    {
        var datasetId = await NewsClassifier.TestSupport.SampleData.ImportSampleAsync(app, "header-sample", rows: 40);
        using var client = await app.ClientAsync(AppRoles.Scientist);
        client.DefaultRequestHeaders.Remove(CookieWriteHeader.HeaderName);

        using var response = await client.PostAsJsonAsync("/api/runs", new { datasetId, recipe = "custom", parameters = NewsClassifier.TestSupport.SampleData.TinyModel });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(CookieWriteHeader.Message, problem.GetProperty("detail").GetString());
        Assert.Contains("'X-NewsClassifier: 1'", CookieWriteHeader.Message);
        using var scope = app.Services.CreateScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<RunQueries>().ListAsync(10, CancellationToken.None));
        // Reading needs no header.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/runs")).StatusCode);
    }

    [Fact]
    public async Task A_body_less_form_post_like_a_same_site_page_would_send_is_refused()
    {
        var datasetId = await NewsClassifier.TestSupport.SampleData.ImportSampleAsync(app, "header-sample", rows: 40);
        using var client = await app.ClientAsync(AppRoles.Annotator);
        client.DefaultRequestHeaders.Remove(CookieWriteHeader.HeaderName);
        var reservations = app.Services.GetRequiredService<ArticleReservations>();
        var before = await ProgressAsync(datasetId);

        using var response = await client.PostAsync($"/api/labeling/{datasetId}/next", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(CookieWriteHeader.Message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(before, await ProgressAsync(datasetId));
        Assert.Empty(await reservations.HeldByOthersAsync("someone-else", CancellationToken.None)); // no article was reserved for the Annotator
    }

    [Fact]
    public async Task The_role_and_the_session_are_decided_before_the_header()
    {
        using var viewer = await app.ClientAsync(AppRoles.Viewer);
        viewer.DefaultRequestHeaders.Remove(CookieWriteHeader.HeaderName);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/runs", new { datasetId = 1, recipe = "custom" })).StatusCode);
        using var anonymous = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/runs", new { datasetId = 1, recipe = "custom" })).StatusCode);
    }

    [Fact]
    public async Task With_the_header_the_write_goes_through()
    {
        using var client = await app.ClientAsync(AppRoles.Scientist);

        using var response = await client.PostAsJsonAsync("/api/runs", new { datasetId = 987654, recipe = "custom" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(CookieWriteHeader.HeaderName, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> ProgressAsync(int datasetId)
    {
        using var scope = app.Services.CreateScope();
        return JsonSerializer.Serialize(await scope.ServiceProvider.GetRequiredService<AnnotationQueue>().ProgressAsync(datasetId, CancellationToken.None));
    }
}
