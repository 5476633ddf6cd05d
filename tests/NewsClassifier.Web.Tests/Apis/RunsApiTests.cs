using NewsClassifier.Application.Runs;
using NewsClassifier.Domain.Runs;
using NewsClassifier.TestSupport;

namespace NewsClassifier.Web.Tests.Apis;

/// <summary>/api/runs and /api/classify over HTTP: what the API adds to the application's training and classification
/// (tested in NewsClassifier.Application.Tests) is the signed-in user, the status codes and the refusal reasons.</summary>
public class RunsApiTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>, IAsyncLifetime
{
    private int _datasetId;

    public async Task InitializeAsync() => _datasetId = await SampleData.ImportSampleAsync(app, "api-runs-sample", rows: 400);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_posted_run_is_started_by_the_signed_in_user_and_its_model_answers_through_the_api()
    {
        using var client = await app.ClientAsync();
        var response = await client.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, recipe = "custom", parameters = SampleData.LearningModel });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"/api/runs/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("custom", created.GetProperty("recipe").GetString());

        var run = await SampleData.WaitForRunAsync(app, id);
        Assert.True(run.State == RunState.Succeeded, run.Error);
        Assert.Equal("admin", run.StartedBy); // the signed-in user, not "web"
        Assert.True(run.ValidationAccuracy > 0.4, $"validation accuracy {run.ValidationAccuracy} is not above chance (0.25)");
        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
        Assert.Equal(run.ValidationAccuracy!.Value, listed.GetProperty("validationAccuracy").GetDouble(), 9);

        var classify = await client.PostAsJsonAsync("/api/classify", new { runId = id, title = "Stocks fall", text = "Shares slid on Wall Street." });
        Assert.Equal(HttpStatusCode.OK, classify.StatusCode);
        var answer = await classify.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, answer.GetProperty("runId").GetInt32());
        Assert.Contains(answer.GetProperty("label").GetString(), new[] { "World", "Sports", "Business", "Sci/Tech" });
        Assert.Equal(1.0, answer.GetProperty("probabilities").EnumerateObject().Sum(p => p.Value.GetSingle()), 3);

        using var scope = app.Services.CreateScope();
        var details = await scope.ServiceProvider.GetRequiredService<RunQueries>().GetAsync(id, CancellationToken.None);
        Assert.Equal(SampleData.LearningModel["embed_dim"], details!.Parameters["embed_dim"]);
    }

    [Fact]
    public async Task A_posted_run_keeps_its_name_and_tags_and_a_too_long_name_is_refused()
    {
        using var client = await app.ClientAsync();
        var response = await client.PostAsJsonAsync("/api/runs", new
        {
            datasetId = _datasetId, recipe = "tfidf-baseline", name = "  api baseline  ", tags = new[] { "api", "two words", "API" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("api baseline", created.GetProperty("name").GetString());
        Assert.Equal(["api", "two-words"], created.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var id = created.GetProperty("id").GetInt32();
        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
        Assert.Equal("api baseline", listed.GetProperty("name").GetString());

        using var scope = app.Services.CreateScope();
        var runs = scope.ServiceProvider.GetRequiredService<RunQueries>();
        var before = (await runs.ListAsync(1000, CancellationToken.None)).Count;
        var refused = await client.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, recipe = "tfidf-baseline", name = new string('x', 101) });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("limited to 100 characters", await refused.Content.ReadAsStringAsync());
        Assert.Equal(before, (await runs.ListAsync(1000, CancellationToken.None)).Count);
        await SampleData.WaitForRunAsync(app, id);
    }

    [Fact]
    public async Task Invalid_requests_are_400_with_every_reason()
    {
        using var client = await app.ClientAsync();
        var response = await client.PostAsJsonAsync("/api/runs", new
        {
            datasetId = _datasetId, recipe = "custom",
            parameters = new Dictionary<string, string> { ["epochs"] = "0", ["dropout"] = "lots", ["no_such_key"] = "1" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("epochs", body);
        Assert.Contains("dropout", body);
        Assert.Contains("no_such_key", body);

        var unknownRecipe = await client.PostAsJsonAsync("/api/runs", new { datasetId = _datasetId, recipe = "gpt-5" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownRecipe.StatusCode);
        Assert.Contains("gpt-5", await unknownRecipe.Content.ReadAsStringAsync());
        var unknownDataset = await client.PostAsJsonAsync("/api/runs", new { datasetId = 9999, recipe = "custom" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownDataset.StatusCode);
        Assert.Contains("9999", await unknownDataset.Content.ReadAsStringAsync());
    }
}
