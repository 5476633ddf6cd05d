using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using NewsClassifier.Application.Hosting;

namespace NewsClassifier.Web.Hosting;

/// <summary>Behind a TLS-terminating proxy the app sees plain HTTP from the proxy's address. With the proxies listed
/// (<see cref="ProxyOptions"/>), their X-Forwarded-For and X-Forwarded-Proto give the client's address (rate limits)
/// and scheme, so Request.IsHttps is true and the sign-in and antiforgery cookies are marked Secure.</summary>
public static class ProxyHeaders
{
    public static WebApplicationBuilder AddNewsProxyHeaders(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<ProxyOptions>(ProxyOptions.SectionName);
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, configured) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; only what is configured is trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in configured.Value.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in configured.Value.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        // Antiforgery's cookie is not Secure by default even over HTTPS; follow the request (or the setting) like the sign-in cookie.
        builder.Services.AddOptions<AntiforgeryOptions>().Configure<IOptions<ProxyOptions>>((antiforgery, configured) =>
            antiforgery.Cookie.SecurePolicy = SecurePolicy(configured.Value));
        return builder;
    }

    public static CookieSecurePolicy SecurePolicy(ProxyOptions options) =>
        options.ForceSecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>First in the pipeline, so everything after sees the client's address and scheme. Off unless proxies are listed.</summary>
    public static WebApplication UseNewsProxyHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled) app.UseForwardedHeaders();
        return app;
    }
}
