namespace NewsClassifier.Application.Webhooks;

/// <summary>A webhook request refused (a URL the outbound rules forbid, no event chosen, a delivery still under way); the
/// message says why and is safe to show.</summary>
public sealed class WebhookException(string message) : Exception(message);
