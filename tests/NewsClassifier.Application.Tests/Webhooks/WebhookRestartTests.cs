using NewsClassifier.Application.Webhooks;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Tests.Webhooks;

/// <summary>Job storage is in memory: a delivery queued (or waiting for a retry) when the process stops is sent after the
/// next start, from its Pending row.</summary>
public class WebhookRestartTests
{
    [Fact]
    public async Task A_delivery_pending_at_a_restart_is_sent_after_the_next_start()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // No webhook worker: the first send is queued but nothing takes it, as if the process died right after.
        var stopped = await NewsHost.StartAsync(new Dictionary<string, string?>(WebhookHostFixture.Settings) { ["Jobs:WebhookWorkers"] = "0" });
        WebhookDelivery sent;
        try
        {
            var (endpoint, secret) = await stopped.Services.GetRequiredService<WebhookEndpoints>()
                .CreateAsync(new WebhookEndpointRequest(receiver.Url.ToString(), null, [WebhookEvents.RunFinished]), "admin", CancellationToken.None);
            receiver.Secret = secret;
            sent = await stopped.Services.GetRequiredService<WebhookDeliveries>().SendTestAsync(endpoint.Id, "admin", CancellationToken.None);
            await Task.Delay(1_000);
            Assert.Empty(receiver.Calls);
        }
        finally
        {
            await stopped.StopAsync();
        }

        await using var restarted = await stopped.RestartAsync(WebhookHostFixture.Settings);
        var deliveries = restarted.Services.GetRequiredService<WebhookDeliveries>();
        WebhookDelivery? delivery = null;
        for (int i = 0; i < 300 && delivery?.State != WebhookDeliveryState.Succeeded; i++)
        {
            await Task.Delay(100);
            delivery = await deliveries.GetAsync(sent.Id, CancellationToken.None);
        }

        Assert.Equal(WebhookDeliveryState.Succeeded, delivery?.State);
        var call = Assert.Single(receiver.Calls);
        Assert.True(call.Verified);
        Assert.Equal(sent.MessageId, call.Id);
        await stopped.DisposeAsync();
    }
}
