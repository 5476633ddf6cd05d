
namespace NewsClassifier.Application.Outbound;

public static class OutboundServiceExtensions
{
    /// <summary>The one HttpClient this server downloads with (dataset URLs, hub checkpoints): guarded, no automatic redirects.</summary>
    public const string HttpClientName = "NewsClassifier.Downloads";

    /// <summary>
    /// Registers <see cref="OutboundGuard"/> and the guarded client. The handler connects through the guard, so the
    /// address actually used is the address checked; it follows no redirects (FileDownloader follows them itself and
    /// checks each hop, sees Hugging Face's X-Linked-ETag and keeps a bearer token on the first host); it uses no
    /// proxy (a proxy would resolve names itself, past the guard) and does not decompress (size caps count what
    /// arrives). The client has no overall timeout: FileDownloader applies Outbound's idle and total timeouts.
    /// </summary>
    public static IHostApplicationBuilder AddOutbound(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<OutboundOptions>(OutboundOptions.SectionName);
        builder.Services.AddSingleton<OutboundGuard>();
        builder.Services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services =>
            {
                var guard = services.GetRequiredService<OutboundGuard>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    AutomaticDecompression = System.Net.DecompressionMethods.None,
                    ConnectTimeout = TimeSpan.FromSeconds(services.GetRequiredService<IOptions<OutboundOptions>>().Value.IdleTimeoutSeconds),
                    ConnectCallback = guard.ConnectAsync,
                };
            });
        return builder;
    }
}
