using NewsClassifier.Application.Webhooks;
using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Web.Apis;

/// <summary>HTTP access to webhook endpoints and their delivery logs: Admin only, reads and writes alike (an endpoint's
/// secret and the payloads it received are as sensitive as the events themselves).</summary>
public static class WebhooksApi
{
    public sealed record EndpointBody(string? Url, string? Description, List<string>? Events);

    public sealed record EnabledBody(bool Enabled);

    /// <summary>An endpoint; <see cref="Secret"/> only in the answer that creates it or rotates its secret.</summary>
    public sealed record EndpointResponse(int Id, string Url, string? Description, IReadOnlyList<string> Events, bool Enabled, string CreatedBy,
        DateTime CreatedAt, WebhookDeliveryState? LastState, int? LastStatusCode, DateTime? LastDeliveryAt, string? Secret = null);

    public sealed record SecretResponse(string Secret);

    public sealed record DeliveryDetails(WebhookDeliveryRow Delivery, string Payload, IReadOnlyList<WebhookAttempt> Attempts);

    public static WebApplication MapWebhooksApi(this WebApplication app)
    {
        var hooks = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Admin);
        hooks.MapGet("/", ListAsync).WithName("ListWebhooks").WithSummary("Lists webhook endpoints with their latest delivery (secrets are not shown).");
        hooks.MapPost("/", CreateAsync).WithName("CreateWebhook")
            .WithSummary("Registers an endpoint (URL checked by the outbound rules, events from the published list); answers its secret once.")
            .RequireApiWrite(Policies.Admin);
        hooks.MapPut("/{id:int}", UpdateAsync).WithName("UpdateWebhook").WithSummary("Changes an endpoint's URL, description and events.")
            .RequireApiWrite(Policies.Admin);
        hooks.MapPost("/{id:int}/enabled", SetEnabledAsync).WithName("EnableWebhook").WithSummary("Enables or disables an endpoint.")
            .RequireApiWrite(Policies.Admin);
        hooks.MapPost("/{id:int}/secret", RotateAsync).WithName("RotateWebhookSecret")
            .WithSummary("Replaces an endpoint's signing secret at once and answers the new one.").RequireApiWrite(Policies.Admin);
        hooks.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Deletes an endpoint and its delivery log.")
            .RequireApiWrite(Policies.Admin);
        hooks.MapPost("/{id:int}/test", TestAsync).WithName("TestWebhook")
            .WithSummary($"Sends a '{WebhookDeliveries.TestEvent}' event to the endpoint and answers the delivery to watch.").RequireApiWrite(Policies.Admin);
        hooks.MapGet("/{id:int}/deliveries", DeliveriesAsync).WithName("ListWebhookDeliveries")
            .WithSummary("An endpoint's delivery log, newest first (page, pageSize up to 100).");
        hooks.MapGet("/deliveries/{deliveryId:long}", DeliveryAsync).WithName("GetWebhookDelivery")
            .WithSummary("One delivery: its payload as sent and every try (status, duration, error).");
        hooks.MapPost("/deliveries/{deliveryId:long}/resend", ResendAsync).WithName("ResendWebhookDelivery")
            .WithSummary("Sends a finished delivery again: same webhook-id and body, a new series of tries.").RequireApiWrite(Policies.Admin);
        return app;
    }

    private static async Task<Ok<List<EndpointResponse>>> ListAsync(WebhookEndpoints endpoints, CancellationToken cancellationToken) =>
        TypedResults.Ok((await endpoints.ListAsync(cancellationToken)).Select(e => ToResponse(e)).ToList());

    private static async Task<Results<Created<EndpointResponse>, ValidationProblem>> CreateAsync(
        EndpointBody body, ICurrentUser user, WebhookEndpoints endpoints, CancellationToken cancellationToken)
    {
        try
        {
            var (endpoint, secret) = await endpoints.CreateAsync(ToRequest(body), await user.NameAsync(), cancellationToken);
            return TypedResults.Created($"/api/webhooks/{endpoint.Id}", ToResponse(endpoint, secret));
        }
        catch (WebhookException e) { return Problem(e); }
    }

    private static Task<Results<NoContent, NotFound, ValidationProblem>> UpdateAsync(int id, EndpointBody body, WebhookEndpoints endpoints, CancellationToken cancellationToken) =>
        ChangeAsync(id, endpoints, () => endpoints.UpdateAsync(id, ToRequest(body), cancellationToken), cancellationToken);

    private static Task<Results<NoContent, NotFound, ValidationProblem>> SetEnabledAsync(int id, EnabledBody body, WebhookEndpoints endpoints, CancellationToken cancellationToken) =>
        ChangeAsync(id, endpoints, () => endpoints.SetEnabledAsync(id, body.Enabled, cancellationToken), cancellationToken);

    private static Task<Results<NoContent, NotFound, ValidationProblem>> DeleteAsync(int id, WebhookEndpoints endpoints, CancellationToken cancellationToken) =>
        ChangeAsync(id, endpoints, () => endpoints.DeleteAsync(id, cancellationToken), cancellationToken);

    private static async Task<Results<Ok<SecretResponse>, NotFound>> RotateAsync(int id, WebhookEndpoints endpoints, CancellationToken cancellationToken)
    {
        if (await endpoints.GetAsync(id, cancellationToken) is null) return TypedResults.NotFound();
        return TypedResults.Ok(new SecretResponse(await endpoints.RotateSecretAsync(id, cancellationToken)));
    }

    private static async Task<Results<Accepted<WebhookDeliveryRow>, NotFound>> TestAsync(
        int id, ICurrentUser user, WebhookEndpoints endpoints, WebhookDeliveries deliveries, CancellationToken cancellationToken)
    {
        if (await endpoints.GetAsync(id, cancellationToken) is null) return TypedResults.NotFound();
        var delivery = await deliveries.SendTestAsync(id, await user.NameAsync(), cancellationToken);
        return TypedResults.Accepted($"/api/webhooks/deliveries/{delivery.Id}", (await deliveries.RowAsync(delivery.Id, cancellationToken))!);
    }

    private static async Task<Results<Ok<WebhookDeliveryPage>, NotFound>> DeliveriesAsync(
        int id, WebhookEndpoints endpoints, WebhookDeliveries deliveries, CancellationToken cancellationToken, int page = 1, int pageSize = 20)
    {
        if (await endpoints.GetAsync(id, cancellationToken) is null) return TypedResults.NotFound();
        return TypedResults.Ok(await deliveries.PageAsync(id, page, pageSize, cancellationToken));
    }

    private static async Task<Results<Ok<DeliveryDetails>, NotFound>> DeliveryAsync(long deliveryId, WebhookDeliveries deliveries, CancellationToken cancellationToken)
    {
        if (await deliveries.GetAsync(deliveryId, cancellationToken) is not { } delivery) return TypedResults.NotFound();
        var row = await deliveries.RowAsync(deliveryId, cancellationToken);
        return row is null ? TypedResults.NotFound() : TypedResults.Ok(new DeliveryDetails(row, delivery.Payload, await deliveries.AttemptsAsync(deliveryId, cancellationToken)));
    }

    private static async Task<Results<Accepted, NotFound, ValidationProblem>> ResendAsync(long deliveryId, WebhookDeliveries deliveries, CancellationToken cancellationToken)
    {
        if (await deliveries.GetAsync(deliveryId, cancellationToken) is null) return TypedResults.NotFound();
        try
        {
            await deliveries.ResendAsync(deliveryId, cancellationToken);
            return TypedResults.Accepted($"/api/webhooks/deliveries/{deliveryId}");
        }
        catch (WebhookException e) { return Problem(e); }
    }

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> ChangeAsync(int id, WebhookEndpoints endpoints, Func<Task> change,
        CancellationToken cancellationToken)
    {
        if (await endpoints.GetAsync(id, cancellationToken) is null) return TypedResults.NotFound();
        try
        {
            await change();
            return TypedResults.NoContent();
        }
        catch (WebhookException e) { return Problem(e); }
    }

    private static WebhookEndpointRequest ToRequest(EndpointBody body) => new(body.Url, body.Description, body.Events);

    private static ValidationProblem Problem(WebhookException e) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["webhook"] = [e.Message] });

    private static EndpointResponse ToResponse(WebhookEndpointRow e, string? secret = null) =>
        new(e.Id, e.Url, e.Description, e.Events, e.Enabled, e.CreatedBy, e.CreatedAt, e.LastState, e.LastStatusCode, e.LastDeliveryAt, secret);
}
