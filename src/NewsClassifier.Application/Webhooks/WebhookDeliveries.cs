using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>An endpoint's delivery log (newest first, paged), the tries of one delivery, re-sending, and the admin's test send.
/// Callers check that the user is an Admin.</summary>
public sealed class WebhookDeliveries(IDbContextFactory<NewsDbContext> contexts, WebhookPublisher publisher, TimeProvider clock)
{
    /// <summary>The type of the admin's "send test event": not in <see cref="WebhookEvents.All"/>, so nobody subscribes to
    /// it and no product event is ever faked; it goes to the one endpoint it is sent to, enabled or not.</summary>
    public const string TestEvent = "webhook.test";

    public const int MaxPageSize = 100;

    public async Task<WebhookDeliveryPage> PageAsync(int endpointId, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId);
        var total = await deliveries.CountAsync(cancellationToken);
        var items = await Rows(db, deliveries.OrderByDescending(d => d.Id).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        return new WebhookDeliveryPage(items, total, page, pageSize);
    }

    /// <summary>One delivery as its log line shows it.</summary>
    public async Task<WebhookDeliveryRow?> RowAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Rows(db, db.WebhookDeliveries.AsNoTracking().Where(d => d.Id == deliveryId)).SingleOrDefaultAsync(cancellationToken);
    }

    private static IQueryable<WebhookDeliveryRow> Rows(NewsDbContext db, IQueryable<WebhookDelivery> deliveries) =>
        deliveries.Select(d => new WebhookDeliveryRow(d.Id, d.EndpointId, d.MessageId, d.EventType, d.State, d.Attempts, d.LastStatusCode, d.LastError,
            db.WebhookAttempts.Where(a => a.DeliveryId == d.Id).OrderByDescending(a => a.Id).Select(a => (double?)a.DurationMs).FirstOrDefault(),
            d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt));

    public async Task<WebhookDelivery?> GetAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
    }

    /// <summary>Every try of a delivery, oldest first (re-sends included).</summary>
    public async Task<IReadOnlyList<WebhookAttempt>> AttemptsAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
    }

    /// <summary>A new series of tries for the same message (same webhook-id and body, so a receiver that got it before can
    /// drop it); the earlier tries stay in the log. Refused while the delivery is still being tried.</summary>
    public async Task ResendAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
            ?? throw new WebhookException($"There is no delivery number {deliveryId}.");
        if (delivery.State == WebhookDeliveryState.Pending)
            throw new WebhookException($"Delivery {deliveryId} is still being tried ({delivery.Attempts} so far); re-send it once it has succeeded or failed.");
        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == delivery.EndpointId, cancellationToken);
        if (!endpoint.Enabled && delivery.EventType != TestEvent)
            throw new WebhookException("The endpoint is disabled: enable it before re-sending.");
        var now = clock.GetUtcNow().UtcDateTime;
        delivery.State = WebhookDeliveryState.Pending;
        delivery.Attempts = 0;
        delivery.NextAttemptAt = now;
        await db.SaveChangesAsync(cancellationToken);
        publisher.Queue(delivery.Id, TimeSpan.Zero);
    }

    /// <summary>Sends a <see cref="TestEvent"/> to one endpoint; returns the delivery to watch in the log.</summary>
    public async Task<WebhookDelivery> SendTestAsync(int endpointId, string user, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == endpointId, cancellationToken)
            ?? throw new WebhookException($"There is no webhook endpoint number {endpointId}.");
        var data = new { endpointId, sentBy = user, message = "A test delivery from NewsClassifier: verify its signature with this endpoint's secret." };
        return (await publisher.WriteAsync(db, [endpoint], TestEvent, data, cancellationToken))[0];
    }
}
