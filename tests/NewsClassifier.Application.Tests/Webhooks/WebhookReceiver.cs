using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NewsClassifier.Application.Tests.Outbound;

namespace NewsClassifier.Application.Tests.Webhooks;

/// <summary>
/// A webhook receiver on 127.0.0.1 that does what a real one does: recomputes the Standard Webhooks signature from the
/// secret it was given (HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}", key = base64 after "whsec_"),
/// compares it in constant time, and checks the timestamp is recent. It records every call and answers with the status
/// <see cref="Answer"/> gives for the call's number (1-based).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private LocalWebServer _server = null!;
    private int _calls;

    public sealed record Call(int Number, string Id, string Timestamp, string Signature, string Body, string? ContentType, string? UserAgent, bool Verified);

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Set once the endpoint is registered (the secret is generated then).</summary>
    public string Secret { get; set; } = "";

    public Func<int, int> Answer { get; set; } = _ => 200;

    public Uri Url => _server.Url("/hook");

    public static async Task<WebhookReceiver> StartAsync(Action<WebApplication>? extra = null)
    {
        var receiver = new WebhookReceiver();
        receiver._server = await LocalWebServer.StartAsync(app =>
        {
            app.MapPost("/hook", async (HttpContext context) =>
            {
                var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
                var headers = context.Request.Headers;
                var number = Interlocked.Increment(ref receiver._calls);
                string id = headers["webhook-id"].ToString(), timestamp = headers["webhook-timestamp"].ToString(), signature = headers["webhook-signature"].ToString();
                receiver.Calls.Enqueue(new Call(number, id, timestamp, signature, body, context.Request.ContentType, headers.UserAgent.ToString(),
                    Verify(receiver.Secret, id, timestamp, signature, body)));
                return Results.StatusCode(receiver.Answer(number));
            });
            extra?.Invoke(app);
        });
        return receiver;
    }

    /// <summary>The receiver's side of the signature, written from the Standard Webhooks spec (not with the app's code).</summary>
    public static bool Verify(string secret, string id, string timestamp, string signatureHeader, string body)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal) || !long.TryParse(timestamp, out var seconds)) return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300) return false; // replay window
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        // The header may carry several space-separated signatures (during a secret rotation); any v1 one may match.
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(s[3..]), expected));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
