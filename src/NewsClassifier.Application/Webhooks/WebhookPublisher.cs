using System.Text.Json.Serialization;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>
/// What the product calls when an event happens: writes one <see cref="WebhookDelivery"/> per enabled endpoint that
/// subscribed to the event (the payload <c>{"type", "timestamp", "data"}</c> serialised once, so every try sends the same
/// bytes) and queues its first send. <see cref="Publish"/> never throws and never waits: a webhook that cannot be
/// written is logged, and the run, import or promotion that raised it goes on as if there were no webhooks.
/// Without a job system (the CLI) deliveries are written Pending and the web app's sweep sends them.
/// </summary>
public sealed class WebhookPublisher(
    IDbContextFactory<NewsDbContext> contexts,
    TimeProvider clock,
    ILogger<WebhookPublisher> logger,
    IBackgroundWork? work = null)
{
    /// <summary>Payloads use the JSON names receivers expect from web APIs (camelCase, enums as strings).</summary>
    internal static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Fire and forget: <paramref name="data"/> is built inside (it may read the database) and failures are logged.</summary>
    public void Publish(string type, Func<NewsDbContext, CancellationToken, Task<object?>> data) => _ = PublishAsync(type, data);

    /// <summary>Writes and queues the deliveries; returns how many. Never throws (except for cancellation by the caller).</summary>
    public async Task<int> PublishAsync(string type, Func<NewsDbContext, CancellationToken, Task<object?>> data, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var endpoints = (await db.WebhookEndpoints.AsNoTracking().Where(e => e.Enabled && e.Events.Contains(type)).ToListAsync(cancellationToken))
                .Where(e => WebhookEndpointRules.ParseEvents(e.Events).Contains(type)).ToList();
            if (endpoints.Count == 0) return 0;
            var payload = await data(db, cancellationToken);
            if (payload is null) return 0; // the row that raised it is gone: nothing to tell
            return (await WriteAsync(db, endpoints, type, payload, cancellationToken)).Count;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Could not write the {Event} webhook deliveries; the event itself is unaffected", type);
            return 0;
        }
    }

    /// <summary>One delivery of <paramref name="type"/> per endpoint, saved, then queued. Also the admin's test send.</summary>
    internal async Task<IReadOnlyList<WebhookDelivery>> WriteAsync(NewsDbContext db, IReadOnlyList<WebhookEndpoint> endpoints, string type, object data,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var body = JsonSerializer.Serialize(new { type, timestamp = now, data }, PayloadJson);
        var deliveries = endpoints.Select(e => new WebhookDelivery
        {
            EndpointId = e.Id, MessageId = WebhookSignature.NewMessageId(), EventType = type, Payload = body,
            State = WebhookDeliveryState.Pending, CreatedAt = now, NextAttemptAt = now,
        }).ToList();
        db.WebhookDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var delivery in deliveries) Queue(delivery.Id, TimeSpan.Zero);
        return deliveries;
    }

    /// <summary>Hands a delivery to the job system; without one (the CLI) the web app's sweep finds it due.</summary>
    internal void Queue(long deliveryId, TimeSpan delay)
    {
        if (work is null) return;
        try
        {
            work.SendWebhook(deliveryId, delay);
        }
        catch (Exception e)
        {
            // Stored as due: the sweep queues it within Leases:SweepSeconds.
            logger.LogError(e, "Could not queue webhook delivery {DeliveryId}; the sweep retries it", deliveryId);
        }
    }
}
