using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.TestSupport;

namespace NewsClassifier.Web.Tests.Apis;

/// <summary>/api/schedules over HTTP: the schedule rules themselves are tested in Application.Tests; here the signed-in
/// user, the status codes, every refusal reason, and a Run now that goes through the real Hangfire server.</summary>
public class SchedulesApiTests(NewsAppFactory app) : IClassFixture<NewsAppFactory>, IAsyncLifetime
{
    private int _datasetId;

    public async Task InitializeAsync() => _datasetId = await SampleData.ImportSampleAsync(app, "api-schedules-sample", rows: 300);

    public Task DisposeAsync() => Task.CompletedTask;

    private object Body(string name) => new { name, datasetId = _datasetId, recipe = "tfidf-baseline", cron = "0 2 * * *", timeZone = "Europe/Amsterdam" };

    [Fact]
    public async Task A_created_schedule_is_201_by_the_signed_in_user_and_lists_with_its_next_five_firings()
    {
        using var client = await app.ClientAsync(AppRoles.Scientist);
        var response = await client.PostAsJsonAsync("/api/schedules", Body("api-nightly"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"/api/schedules/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("scientist", created.GetProperty("createdBy").GetString());
        Assert.Equal("api-nightly", created.GetProperty("modelName").GetString()); // defaults to the name

        var details = await client.GetFromJsonAsync<JsonElement>($"/api/schedules/{id}");
        var next = details.GetProperty("nextFirings").EnumerateArray().Select(e => e.GetDateTimeOffset()).ToList();
        Assert.Equal(5, next.Count);
        var amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        Assert.All(next, n => Assert.Equal(2, TimeZoneInfo.ConvertTime(n, amsterdam).Hour)); // 02:00 where the schedule's zone is
        var list = await client.GetFromJsonAsync<JsonElement>("/api/schedules");
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("schedule").GetProperty("id").GetInt32() == id);

        using var viewer = await app.ClientAsync(AppRoles.Viewer);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/schedules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/schedules/{id}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/schedules/{id}/run", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/schedules/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/schedules/{id}/disable", null)).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/schedules/{id}")).GetProperty("nextFirings").EnumerateArray());
        var renamed = await client.PutAsJsonAsync($"/api/schedules/{id}", Body("api-nightly-renamed"));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/schedules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/schedules/{id}")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_400_naming_every_reason_by_field()
    {
        using var client = await app.ClientAsync(AppRoles.Scientist);
        var response = await client.PostAsJsonAsync("/api/schedules", new
        {
            name = "", datasetId = 98765, recipe = "gpt-5", cron = "every night", timeZone = "Mars/Olympus",
            gate = new { minGain = 3.0, maxClassDrop = 0.05, alpha = 0 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "dataset", "recipe", "cron", "time_zone", "min_gain", "alpha" })
            Assert.True(errors.TryGetProperty(field, out _), $"no reason for {field}: {errors}");
        Assert.Contains("98765", errors.GetProperty("dataset")[0].GetString());
        Assert.Contains("gpt-5", errors.GetProperty("recipe")[0].GetString());
        Assert.Contains("Mars/Olympus", errors.GetProperty("time_zone")[0].GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/schedules/98765", Body("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/schedules/98765/run", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/schedules/firings/98765/reject", new { reason = "no" })).StatusCode);
    }

    [Fact]
    public async Task Run_now_is_202_with_the_job_id_and_the_firing_promotes_the_first_champion()
    {
        using var client = await app.ClientAsync(AppRoles.Scientist);
        var created = await (await client.PostAsJsonAsync("/api/schedules", Body("api-run-now"))).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();

        var response = await client.PostAsync($"/api/schedules/{id}/run", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetString()));

        var firing = await WaitForDecisionAsync(client, id);
        Assert.True(firing.GetProperty("decision").GetString() == nameof(FiringDecision.Promoted), firing.ToString());
        Assert.Equal("scientist", firing.GetProperty("startedBy").GetString());
        Assert.True(firing.GetProperty("challengerScore").GetProperty("accuracy").GetDouble() > 0.25);
        Assert.Equal(JsonValueKind.Null, firing.GetProperty("championScore").ValueKind); // the first champion had none to beat

        // Approving a firing that does not wait for approval is refused with the reason.
        var approve = await client.PostAsJsonAsync($"/api/schedules/firings/{firing.GetProperty("id").GetInt64()}/approve", new { note = "ok" });
        Assert.Equal(HttpStatusCode.BadRequest, approve.StatusCode);
        Assert.Contains("not waiting for approval", await approve.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> WaitForDecisionAsync(HttpClient client, int scheduleId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var details = await client.GetFromJsonAsync<JsonElement>($"/api/schedules/{scheduleId}");
            if (details.GetProperty("firings").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } f &&
                f.GetProperty("decision").ValueKind != JsonValueKind.Null) return f;
            await Task.Delay(250);
        }
        throw new TimeoutException($"Schedule {scheduleId} did not decide within two minutes.");
    }
}
