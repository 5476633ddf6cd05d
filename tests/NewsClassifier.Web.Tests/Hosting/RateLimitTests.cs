namespace NewsClassifier.Web.Tests.Hosting;

/// <summary>An app whose limits are 2 per minute (the defaults are far higher), so a test can go past them.</summary>
public sealed class TightLimitsApp : IDisposable
{
    public NewsAppFactory App { get; } = new();

    public TightLimitsApp()
    {
        foreach (var rule in new[] { "Classify", "Reports", "Exports" })
        {
            App.Settings[$"RateLimits:{rule}:PermitLimit"] = "2";
            App.Settings[$"RateLimits:{rule}:WindowSeconds"] = "60";
        }
    }

    public void Dispose() => App.Dispose();
}

/// <summary>ASP.NET Core's rate limiter on classify, reports and exports (per user): past the
/// limit, 429 with Retry-After and a message naming the limit, and the endpoint does not run.</summary>
public class RateLimitTests(TightLimitsApp fixture) : IClassFixture<TightLimitsApp>
{
    private NewsAppFactory App => fixture.App;

    [Fact]
    public async Task Classify_past_the_limit_answers_429_with_retry_after_per_user()
    {
        using var viewer = await App.ClientAsync(AppRoles.Viewer);
        for (int i = 0; i < 2; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await viewer.PostAsJsonAsync("/api/classify", new { text = "Stocks fell." })).StatusCode);

        using var refused = await viewer.PostAsJsonAsync("/api/classify", new { text = "Stocks fell." });

        await AssertRefusedAsync(refused, "Too many classification requests: the limit is 2 per 60 s.");
        // Another user has a budget of their own.
        using var other = await App.ClientAsync(AppRoles.Annotator);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await other.PostAsJsonAsync("/api/classify", new { text = "Stocks fell." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Reports_past_the_limit_answer_429()
    {
        using var client = await App.ClientAsync(AppRoles.Scientist);
        for (int i = 0; i < 2; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/labeling/999/reports", new { text = "x", labelId = 1 })).StatusCode);

        using var refused = await client.PostAsJsonAsync("/api/labeling/999/reports", new { text = "x", labelId = 1 });

        await AssertRefusedAsync(refused, "Too many \"this is wrong\" reports: the limit is 2 per 60 s.");
    }

    [Fact]
    public async Task Exports_past_the_limit_answer_429()
    {
        using var client = await App.ClientAsync(AppRoles.Admin);
        for (int i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/datasets/999/export?format=csv")).StatusCode);

        using var refused = await client.GetAsync("/api/models/none/versions/1/export");

        await AssertRefusedAsync(refused, "Too many exports: the limit is 2 per 60 s.");
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string message)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal($"{message} Try again in {retryAfter} s.", problem.GetProperty("detail").GetString());
    }
}
