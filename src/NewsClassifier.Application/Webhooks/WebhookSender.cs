using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using NewsClassifier.Application.Outbound;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>
/// One try of one delivery (the Hangfire job calls it): claims the try, POSTs the stored payload signed the Standard
/// Webhooks way through the guarded client, records a <see cref="WebhookAttempt"/>, and either ends the delivery
/// (Succeeded on a 2xx, Failed after <see cref="WebhookOptions.MaxAttempts"/>) or schedules the next try.
/// </summary>
/// <remarks>
/// The claim is a conditional update that matches the attempt count and due time just read, and clears the due time:
/// of two jobs for the same delivery (a retry scheduled in this process and the sweep's re-queue, or two servers) only
/// one sends, and a job arriving before the delivery is due does nothing.
/// </remarks>
public sealed class WebhookSender(
    IDbContextFactory<NewsDbContext> contexts,
    IHttpClientFactory clients,
    OutboundGuard guard,
    WebhookPublisher publisher,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "NewsClassifier.Webhooks";

    /// <summary>Only the start of a receiver's answer is read, for the log: a receiver cannot make this server read megabytes.</summary>
    public const int MaxResponseBytes = 4_096;

    private const int MaxErrorLength = 500;

    private static readonly TimeSpan EarlyWake = TimeSpan.FromSeconds(2);

    public async Task SendAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (delivery is not { State: WebhookDeliveryState.Pending, NextAttemptAt: { } due }) return;
        if (due > now)
        {
            // Hangfire keeps scheduled times in whole seconds, so a retry's job can wake up to a second early: it waits the
            // rest in the queue again. A job woken long before the due time is a stray (the retry has its own job).
            if (due - now <= EarlyWake) publisher.Queue(deliveryId, due - now);
            return;
        }
        var attempt = delivery.Attempts + 1;
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.State == WebhookDeliveryState.Pending && d.Attempts == delivery.Attempts && d.NextAttemptAt == due)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Attempts, attempt)
                .SetProperty(d => d.NextAttemptAt, (DateTime?)null)
                .SetProperty(d => d.LastAttemptAt, now), cancellationToken);
        if (claimed == 0) return;

        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == delivery.EndpointId, cancellationToken);
        if (endpoint is null) return; // deleted meanwhile: its deliveries went with it
        var outcome = endpoint.Enabled || delivery.EventType == WebhookDeliveries.TestEvent
            ? await TryAsync(endpoint, delivery, cancellationToken)
            : new Outcome(null, 0, "The endpoint is disabled: enable it, then re-send.", Final: true);
        if (outcome.Interrupted)
        {
            // The host is stopping: the try is given back and start-up recovery sends it again.
            await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.Attempts == attempt)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Attempts, delivery.Attempts).SetProperty(d => d.NextAttemptAt, now), CancellationToken.None);
            return;
        }
        await RecordAsync(db, delivery, attempt, outcome);
    }

    private async Task RecordAsync(NewsDbContext db, WebhookDelivery delivery, int attempt, Outcome outcome)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var error = outcome.Error is null ? null : Truncate(outcome.Error, MaxErrorLength);
        var succeeded = outcome.Error is null;
        var retry = !succeeded && !outcome.Final && attempt < options.Value.MaxAttempts;
        var delay = options.Value.DelayAfter(attempt);
        db.WebhookAttempts.Add(new WebhookAttempt(delivery.Id, now, outcome.StatusCode, Math.Round(outcome.DurationMs, 1), error));
        await db.SaveChangesAsync(CancellationToken.None);
        var state = succeeded ? WebhookDeliveryState.Succeeded : retry ? WebhookDeliveryState.Pending : WebhookDeliveryState.Failed;
        DateTime? next = retry ? now + delay : null;
        await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.Attempts == attempt)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.State, state)
                .SetProperty(d => d.LastStatusCode, outcome.StatusCode)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.NextAttemptAt, next), CancellationToken.None);
        if (retry) publisher.Queue(delivery.Id, delay);
        if (!succeeded)
            logger.LogWarning("Webhook delivery {DeliveryId} ({Event}) try {Attempt} failed: {Error}{Next}", delivery.Id, delivery.EventType, attempt,
                LogText.Safe(error), retry ? $"; next try in {delay.TotalSeconds:0.##} s" : "; no tries left");
    }

    private async Task<Outcome> TryAsync(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var url = new Uri(endpoint.Url);
        var elapsed = Stopwatch.StartNew();
        try
        {
            // Scheme and credentials again (a row written by hand, an older version); the address is checked when connecting.
            guard.CheckUrl(url);
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(delivery.Payload));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("webhook-id", delivery.MessageId);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Sign(endpoint.Secret, delivery.MessageId, timestamp, delivery.Payload));
            request.Headers.UserAgent.ParseAdd("NewsClassifier-Webhooks/1.0");

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.Timeout);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var answer = await ReadStartAsync(response, timeout.Token);
            var ms = elapsed.Elapsed.TotalMilliseconds;
            if (status is >= 200 and < 300) return new Outcome(status, ms, null);
            // A redirect is a failure, not followed: the signed event must reach the address the admin registered (and the
            // outbound rules checked), not wherever a receiver, or someone who took over its domain, points it.
            if (status is >= 300 and < 400)
                return new Outcome(status, ms, $"HTTP {status}: redirects are not followed; register the final URL ({response.Headers.Location?.ToString() ?? "no Location"}).");
            return new Outcome(status, ms, $"HTTP {status}{(answer.Length > 0 ? ": " + answer : "")}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, elapsed.Elapsed.TotalMilliseconds, "Interrupted", Interrupted: true);
        }
        catch (OperationCanceledException)
        {
            return new Outcome(null, elapsed.Elapsed.TotalMilliseconds, $"No answer within {options.Value.TimeoutSeconds} s.");
        }
        catch (OutboundRefusedException e)
        {
            return new Outcome(null, elapsed.Elapsed.TotalMilliseconds, e.Message);
        }
        catch (HttpRequestException e)
        {
            // The guard refuses inside the connect callback; the client wraps that refusal.
            var refused = e.InnerException as OutboundRefusedException ?? e.InnerException?.InnerException as OutboundRefusedException;
            return new Outcome(null, elapsed.Elapsed.TotalMilliseconds, refused?.Message ?? e.Message);
        }
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxResponseBytes];
        int read = 0, n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read).Trim();
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>How one try went: <see cref="Error"/> null means delivered; <see cref="Final"/> means retrying cannot help.</summary>
    private sealed record Outcome(int? StatusCode, double DurationMs, string? Error, bool Final = false, bool Interrupted = false);
}
