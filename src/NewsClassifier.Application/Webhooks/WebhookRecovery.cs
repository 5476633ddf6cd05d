using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>
/// Job storage is in memory, so a restart forgets queued sends and scheduled retries while their deliveries stay
/// Pending in the database. <see cref="RequeueAsync"/> queues every pending delivery that is due (at start: all of them;
/// while running: those overdue by <paramref name="grace"/>, e.g. written by the CLI, which has no job system), and makes a
/// try that a crash cut off (claimed, never recorded) due again once it is older than any try can last. Queuing twice is
/// harmless: <see cref="WebhookSender"/> claims each try once.
/// </summary>
public sealed class WebhookRecovery(IDbContextFactory<NewsDbContext> contexts, WebhookPublisher publisher, IOptions<WebhookOptions> options,
    TimeProvider clock, ILogger<WebhookRecovery> logger)
{
    public async Task<int> RequeueAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var cutOff = now - options.Value.Timeout - TimeSpan.FromSeconds(30);
        var interrupted = await db.WebhookDeliveries
            .Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt == null && d.LastAttemptAt < cutOff)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, now), cancellationToken);
        var dueBy = now - grace;
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt != null && d.NextAttemptAt <= dueBy)
            .OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var id in due) publisher.Queue(id, TimeSpan.Zero);
        if (due.Count > 0)
            logger.LogInformation("Queued {Count} pending webhook deliveries again ({Interrupted} of them cut off mid-try)", due.Count, interrupted);
        return due.Count;
    }
}
