using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Webhooks;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Tests.Webhooks;

/// <summary>Endpoints, signed deliveries and retries through the real host: Hangfire jobs, SQLite, the guarded client and a
/// receiver on 127.0.0.1 (allow-listed in Outbound:AllowedHosts) that verifies every signature.</summary>
public class WebhookDeliveryTests(WebhookHostFixture fixture) : IClassFixture<WebhookHostFixture>, IAsyncLifetime
{
    private NewsHost App => fixture.App;
    private WebhookEndpoints Endpoints => App.Services.GetRequiredService<WebhookEndpoints>();
    private WebhookDeliveries Deliveries => App.Services.GetRequiredService<WebhookDeliveries>();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    /// <summary>Each test's endpoints go with it, so a later test's events reach only its own.</summary>
    public async Task DisposeAsync()
    {
        foreach (var endpoint in await Endpoints.ListAsync(CancellationToken.None)) await Endpoints.DeleteAsync(endpoint.Id, CancellationToken.None);
        await _receiver.DisposeAsync();
    }

    private async Task<WebhookEndpointRow> RegisterAsync(params string[] events) => await RegisterAsync(_receiver, events);

    private async Task<WebhookEndpointRow> RegisterAsync(WebhookReceiver receiver, params string[] events)
    {
        var (endpoint, secret) = await Endpoints.CreateAsync(new WebhookEndpointRequest(receiver.Url.ToString(), "test receiver", events), "admin", CancellationToken.None);
        receiver.Secret = secret;
        return endpoint;
    }

    private async Task<WebhookDelivery> WaitForAsync(long deliveryId, Func<WebhookDelivery, bool> condition, int seconds = 30)
    {
        for (int i = 0; i < seconds * 20; i++)
        {
            var delivery = await Deliveries.GetAsync(deliveryId, CancellationToken.None);
            if (delivery is not null && condition(delivery)) return delivery;
            await Task.Delay(50);
        }
        throw new TimeoutException($"delivery {deliveryId} did not reach the expected state in {seconds} s: {JsonSerializer.Serialize(await Deliveries.GetAsync(deliveryId, CancellationToken.None))}");
    }

    private async Task<int> CountAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await db.WebhookEndpoints.CountAsync() + await db.WebhookDeliveries.CountAsync();
    }

    [Theory]
    [InlineData("http://127.0.0.2/hook", "loopback")]
    [InlineData("http://[::1]:8080/hook", "loopback")]
    [InlineData("http://10.1.2.3/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://localhost.localhost/hook", "this machine")]
    [InlineData("https://user:secret@hooks.example.com/in", "user name or password")]
    [InlineData("ftp://hooks.example.com/in", "http:// or https://")]
    [InlineData("/relative/hook", "absolute")]
    public async Task A_url_the_outbound_rules_refuse_is_refused_and_nothing_is_stored(string url, string reason)
    {
        var before = await CountAsync();

        var refused = await Assert.ThrowsAsync<WebhookException>(() =>
            Endpoints.CreateAsync(new WebhookEndpointRequest(url, null, [WebhookEvents.RunFinished]), "admin", CancellationToken.None));

        Assert.Contains(reason, refused.Message);
        Assert.DoesNotContain("secret@", refused.Message); // credentials are never echoed
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Events_must_be_known_and_at_least_one()
    {
        var none = await Assert.ThrowsAsync<WebhookException>(() =>
            Endpoints.CreateAsync(new WebhookEndpointRequest(_receiver.Url.ToString(), null, []), "admin", CancellationToken.None));
        Assert.Contains("at least one event", none.Message);
        var unknown = await Assert.ThrowsAsync<WebhookException>(() =>
            Endpoints.CreateAsync(new WebhookEndpointRequest(_receiver.Url.ToString(), null, ["run.finished", "webhook.test", "<script>"]), "admin", CancellationToken.None));
        Assert.Contains("'webhook.test'", unknown.Message); // the test event cannot be subscribed to
        Assert.Empty(await Endpoints.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_test_event_arrives_signed_with_the_standard_headers_and_is_logged()
    {
        var endpoint = await RegisterAsync(WebhookEvents.RunFinished);

        var sent = await Deliveries.SendTestAsync(endpoint.Id, "admin", CancellationToken.None);
        var delivery = await WaitForAsync(sent.Id, d => d.State != WebhookDeliveryState.Pending);

        Assert.Equal(WebhookDeliveryState.Succeeded, delivery.State);
        var call = Assert.Single(_receiver.Calls);
        Assert.True(call.Verified, $"signature {call.Signature} does not verify");
        Assert.Equal(delivery.MessageId, call.Id);
        Assert.StartsWith("msg_", call.Id);
        Assert.Equal(delivery.Payload, call.Body); // byte for byte what was stored
        Assert.Equal("application/json", call.ContentType);
        Assert.StartsWith("NewsClassifier-Webhooks/", call.UserAgent);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal(WebhookDeliveries.TestEvent, body.RootElement.GetProperty("type").GetString());
        Assert.True(body.RootElement.GetProperty("timestamp").TryGetDateTime(out _));
        Assert.Equal(endpoint.Id, body.RootElement.GetProperty("data").GetProperty("endpointId").GetInt32());

        var attempt = Assert.Single(await Deliveries.AttemptsAsync(sent.Id, CancellationToken.None));
        Assert.Equal(200, attempt.StatusCode);
        Assert.Null(attempt.Error);
        Assert.InRange(attempt.DurationMs, 0, 5_000);
        var page = await Deliveries.PageAsync(endpoint.Id, 1, 20, CancellationToken.None);
        var row = Assert.Single(page.Items);
        Assert.Equal((1, 200, WebhookDeliveryState.Succeeded), (row.Attempts, row.LastStatusCode, row.State));
        Assert.Equal(attempt.DurationMs, row.LastDurationMs);
        Assert.Equal(WebhookDeliveryState.Succeeded, (await Endpoints.GetAsync(endpoint.Id, CancellationToken.None))!.LastState);
    }

    [Fact]
    public async Task The_publisher_writes_deliveries_only_for_enabled_endpoints_subscribed_to_the_event()
    {
        var subscribed = await RegisterAsync(WebhookEvents.AliasMoved, WebhookEvents.RunFailed);
        var other = await RegisterAsync(WebhookEvents.RunFinished);
        var disabled = await RegisterAsync(WebhookEvents.AliasMoved);
        await Endpoints.SetEnabledAsync(disabled.Id, false, CancellationToken.None);

        var written = await App.Services.GetRequiredService<WebhookPublisher>().PublishAsync(WebhookEvents.AliasMoved,
            (_, _) => Task.FromResult<object?>(new { model = "news", alias = "staging", toVersion = 3 }));

        Assert.Equal(1, written);
        var delivery = Assert.Single((await Deliveries.PageAsync(subscribed.Id, 1, 20, CancellationToken.None)).Items);
        Assert.Equal(WebhookEvents.AliasMoved, delivery.EventType);
        Assert.Empty((await Deliveries.PageAsync(other.Id, 1, 20, CancellationToken.None)).Items);
        Assert.Empty((await Deliveries.PageAsync(disabled.Id, 1, 20, CancellationToken.None)).Items);
        await WaitForAsync(delivery.Id, d => d.State == WebhookDeliveryState.Succeeded);
        var call = Assert.Single(_receiver.Calls);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("news", body.RootElement.GetProperty("data").GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_receiver_answering_500_twice_gets_the_same_message_a_third_time_and_it_succeeds()
    {
        _receiver.Answer = n => n <= 2 ? 500 : 200;
        var endpoint = await RegisterAsync(WebhookEvents.RunFinished);

        var sent = await Deliveries.SendTestAsync(endpoint.Id, "admin", CancellationToken.None);
        var delivery = await WaitForAsync(sent.Id, d => d.State != WebhookDeliveryState.Pending);

        Assert.Equal(WebhookDeliveryState.Succeeded, delivery.State);
        Assert.Equal(3, delivery.Attempts);
        Assert.Equal(200, delivery.LastStatusCode);
        Assert.Null(delivery.LastError);
        Assert.Equal([500, 500, 200], (await Deliveries.AttemptsAsync(sent.Id, CancellationToken.None)).Select(a => a.StatusCode));
        Assert.Equal(3, _receiver.Calls.Count);
        Assert.All(_receiver.Calls, c => Assert.True(c.Verified && c.Id == delivery.MessageId && c.Body == delivery.Payload));
    }

    [Fact]
    public async Task A_receiver_that_always_fails_ends_Failed_after_the_last_try_and_a_resend_starts_a_new_series()
    {
        _receiver.Answer = _ => 503;
        var endpoint = await RegisterAsync(WebhookEvents.RunFinished);

        var sent = await Deliveries.SendTestAsync(endpoint.Id, "admin", CancellationToken.None);
        var failed = await WaitForAsync(sent.Id, d => d.State != WebhookDeliveryState.Pending);

        Assert.Equal(WebhookDeliveryState.Failed, failed.State);
        Assert.Equal(3, failed.Attempts); // Webhooks:MaxAttempts
        Assert.Equal(503, failed.LastStatusCode);
        Assert.StartsWith("HTTP 503", failed.LastError);
        Assert.Null(failed.NextAttemptAt);
        Assert.Equal([503, 503, 503], (await Deliveries.AttemptsAsync(sent.Id, CancellationToken.None)).Select(a => a.StatusCode));
        await Task.Delay(1_500); // no fourth try comes
        Assert.Equal(3, _receiver.Calls.Count);

        _receiver.Answer = _ => 204;
        await Deliveries.ResendAsync(sent.Id, CancellationToken.None);
        var resent = await WaitForAsync(sent.Id, d => d.State != WebhookDeliveryState.Pending);

        Assert.Equal(WebhookDeliveryState.Succeeded, resent.State);
        Assert.Equal(1, resent.Attempts);
        Assert.Equal(failed.MessageId, resent.MessageId);
        Assert.Equal([503, 503, 503, 204], (await Deliveries.AttemptsAsync(sent.Id, CancellationToken.None)).Select(a => a.StatusCode));
        Assert.Equal(4, _receiver.Calls.Count);
        Assert.All(_receiver.Calls, c => Assert.Equal(failed.MessageId, c.Id));
        var again = await Assert.ThrowsAsync<WebhookException>(async () =>
        {
            _receiver.Answer = _ => 500;
            await Deliveries.ResendAsync(sent.Id, CancellationToken.None);
            await Deliveries.ResendAsync(sent.Id, CancellationToken.None); // the first is still being tried
        });
        Assert.Contains("still being tried", again.Message);
    }

    [Fact]
    public async Task A_redirect_is_a_failed_try_and_is_not_followed()
    {
        await using var redirecting = await WebhookReceiver.StartAsync(app =>
            app.MapPost("/moved", () => Results.Redirect("/hook", permanent: false, preserveMethod: true)));
        var (endpoint, _) = await Endpoints.CreateAsync(new WebhookEndpointRequest(new Uri(redirecting.Url, "/moved").ToString(), null, [WebhookEvents.RunFinished]),
            "admin", CancellationToken.None);

        var sent = await Deliveries.SendTestAsync(endpoint.Id, "admin", CancellationToken.None);
        var delivery = await WaitForAsync(sent.Id, d => d.State != WebhookDeliveryState.Pending);

        Assert.Equal(WebhookDeliveryState.Failed, delivery.State);
        Assert.Equal(307, delivery.LastStatusCode);
        Assert.Contains("redirects are not followed", delivery.LastError);
        Assert.Empty(redirecting.Calls); // /hook on that server was never reached
    }

    [Fact]
    public async Task A_finished_run_and_a_moved_alias_reach_their_subscribers()
    {
        await RegisterAsync(WebhookEvents.RunFinished, WebhookEvents.AliasMoved);
        var datasetId = await SampleData.ImportSampleAsync(App, "webhook-sample", rows: 200);

        var runId = await SampleData.TrainTinyAsync(App, datasetId);
        using (var scope = App.Services.CreateScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<ModelRegistry>();
            var version = await registry.RegisterAsync(runId, "hooked", "admin", CancellationToken.None);
            await registry.SetAliasAsync("hooked", "staging", version.Version, "admin", "try it", CancellationToken.None);
        }

        var calls = await WaitForCallsAsync(2);
        var run = calls.Single(c => c.Type == WebhookEvents.RunFinished);
        Assert.Equal(runId, run.Data.GetProperty("runId").GetInt32());
        Assert.Equal("succeeded", run.Data.GetProperty("state").GetString());
        Assert.Equal("custom", run.Data.GetProperty("recipe").GetString());
        Assert.Equal("webhook-sample", run.Data.GetProperty("dataset").GetString());
        Assert.InRange(run.Data.GetProperty("validationAccuracy").GetDouble(), 0, 1);
        var alias = calls.Single(c => c.Type == WebhookEvents.AliasMoved);
        Assert.Equal("hooked", alias.Data.GetProperty("model").GetString());
        Assert.Equal("staging", alias.Data.GetProperty("alias").GetString());
        Assert.Equal("hooked@1", alias.Data.GetProperty("modelVersion").GetString());
        Assert.Equal(JsonValueKind.Null, alias.Data.GetProperty("fromVersion").ValueKind);
        Assert.All(_receiver.Calls, c => Assert.True(c.Verified));
    }

    [Fact]
    public async Task Review_items_opened_in_one_save_raise_one_review_item_event()
    {
        await RegisterAsync(WebhookEvents.ReviewItem);
        var datasetId = await SampleData.ImportSampleAsync(App, "webhook-review", rows: 50);
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync())
        {
            var articles = await db.Articles.Where(a => a.DatasetId == datasetId).OrderBy(a => a.Id).Take(2).Select(a => a.Id).ToListAsync();
            db.ReviewItems.AddRange(articles.Select(id => new ReviewItem
            {
                DatasetId = datasetId, ArticleId = id, Reason = ReviewReason.ReportedWrong, Status = ReviewStatus.Open, CreatedBy = "annotator",
                CreatedAt = DateTime.UtcNow, Note = "wrong label",
            }));
            await db.SaveChangesAsync();
        }

        var (type, data) = Assert.Single(await WaitForCallsAsync(1));
        Assert.Equal(WebhookEvents.ReviewItem, type);
        Assert.Equal("webhook-review", data.GetProperty("dataset").GetString());
        Assert.Equal("reportedWrong", data.GetProperty("reason").GetString());
        Assert.Equal(2, data.GetProperty("count").GetInt32());
        Assert.All(data.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("id").GetInt64() > 0));
    }

    private async Task<List<(string Type, JsonElement Data)>> WaitForCallsAsync(int count, int seconds = 30)
    {
        for (int i = 0; i < seconds * 20 && _receiver.Calls.Count < count; i++) await Task.Delay(50);
        Assert.Equal(count, _receiver.Calls.Count);
        return _receiver.Calls.Select(c =>
        {
            var root = JsonDocument.Parse(c.Body).RootElement;
            return (root.GetProperty("type").GetString()!, root.GetProperty("data"));
        }).ToList();
    }
}
