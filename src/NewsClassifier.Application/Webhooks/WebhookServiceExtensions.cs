using NewsClassifier.Application.Outbound;

namespace NewsClassifier.Application.Webhooks;

public static class WebhookServiceExtensions
{
    /// <summary>
    /// Webhooks: the endpoint admin, the publisher the product calls, the sender the delivery job calls, and the client
    /// it sends with. The client connects through <see cref="OutboundGuard"/> like every download (no loopback or private
    /// address unless Outbound:AllowedHosts lists it, checked on the address actually connected to), follows no redirects,
    /// uses no proxy; <see cref="WebhookOptions.TimeoutSeconds"/> bounds each try. Call after <see cref="OutboundServiceExtensions.AddOutbound"/>.
    /// </summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddValidatedOptions<WebhookOptions>(WebhookOptions.SectionName);
        services.AddSingleton<WebhookEndpointRules>();
        services.AddSingleton<WebhookPublisher>();
        services.AddSingleton<WebhookEndpoints>();
        services.AddSingleton<WebhookDeliveries>();
        services.AddSingleton<WebhookRecovery>();
        services.AddTransient<WebhookSender>();
        services.AddHostedService<WebhookEventSources>();
        services.AddSingleton<ReviewItemWebhooks>();
        services.ConfigureDbContext<NewsDbContext>((provider, options) => options.AddInterceptors(provider.GetRequiredService<ReviewItemWebhooks>()));
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectTimeout = provider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout,
                ConnectCallback = provider.GetRequiredService<OutboundGuard>().ConnectAsync,
            });
        return builder;
    }
}
