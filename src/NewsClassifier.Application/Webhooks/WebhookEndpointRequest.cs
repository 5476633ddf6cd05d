namespace NewsClassifier.Application.Webhooks;

/// <summary>What an admin fills in for an endpoint; every field optional so a half-filled form is answered with a reason.</summary>
public sealed record WebhookEndpointRequest(string? Url, string? Description, IReadOnlyCollection<string>? Events);
