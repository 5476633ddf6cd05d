using NewsClassifier.Application.Outbound;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>
/// What an endpoint may be: an absolute http(s) URL without a user name or password, within the length the column
/// holds, whose host the outbound rules allow (no loopback, private or metadata addresses unless Outbound:AllowedHosts
/// lists them: a webhook is a request this server makes on an admin's word, the same forgery risk as a download), and
/// at least one known event. Checked when an endpoint is saved; the guarded client checks the address again at every send.
/// </summary>
public sealed class WebhookEndpointRules(OutboundGuard guard)
{
    public const int MaxDescriptionLength = 200;

    /// <summary>The cleaned request: the URL as stored, the description, the events as stored (comma-separated, in
    /// <see cref="WebhookEvents.All"/> order). Throws <see cref="WebhookException"/> with the first reason.</summary>
    public async Task<(string Url, string? Description, string Events)> CheckAsync(WebhookEndpointRequest request, CancellationToken cancellationToken)
    {
        var url = await CheckUrlAsync(request.Url, cancellationToken);
        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        if (description?.Length > MaxDescriptionLength)
            throw new WebhookException($"The description is at most {MaxDescriptionLength} characters (it has {description.Length}).");
        return (url, description, string.Join(",", CheckEvents(request.Events)));
    }

    private async Task<string> CheckUrlAsync(string? raw, CancellationToken cancellationToken)
    {
        var text = raw?.Trim() ?? "";
        if (text.Length == 0) throw new WebhookException("Give the URL deliveries are POSTed to (https://...).");
        if (text.Length > WebhookEndpoint.MaxUrlLength)
            throw new WebhookException($"The URL is at most {WebhookEndpoint.MaxUrlLength} characters (it has {text.Length}).");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new WebhookException("The URL must be an absolute http:// or https:// address.");
        if (url.UserInfo.Length > 0)
            throw new WebhookException("The URL carries a user name or password: credentials in URLs are refused (they would be stored and shown). " +
                                       "Receivers verify the webhook-signature header instead.");
        try
        {
            await guard.CheckUrlAsync(url, cancellationToken);
        }
        catch (OutboundRefusedException e)
        {
            throw new WebhookException(e.Message);
        }
        return url.AbsoluteUri;
    }

    public static IReadOnlyList<string> CheckEvents(IReadOnlyCollection<string>? events)
    {
        var chosen = (events ?? []).Select(e => e?.Trim() ?? "").Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var unknown = chosen.Where(e => !WebhookEvents.All.Contains(e)).ToList();
        if (unknown.Count > 0)
            throw new WebhookException($"Unknown event {string.Join(", ", unknown.Select(u => $"'{Shorten(u)}'"))}: choose from {string.Join(", ", WebhookEvents.All)}.");
        if (chosen.Count == 0) throw new WebhookException($"Choose at least one event: {string.Join(", ", WebhookEvents.All)}.");
        return WebhookEvents.All.Where(chosen.Contains).ToList();
    }

    public static IReadOnlyList<string> ParseEvents(string stored) =>
        stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..39] + "…";
}
