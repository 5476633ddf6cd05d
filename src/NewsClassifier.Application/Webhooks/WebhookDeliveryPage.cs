namespace NewsClassifier.Application.Webhooks;

/// <summary>A page of an endpoint's delivery log, newest first, and how many deliveries it has in all.</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryRow> Items, int Total, int Page, int PageSize);
