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
        builder.Services.ConfigureFrom<ForwardedHeadersOptions, ProxyOptions>((forwarded, configured) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; only what is configured is trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in configured.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in configured.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        // Antiforgery's cookie is not Secure by default even over HTTPS; follow the request like the sign-in cookie. Not
        // "Always": antiforgery then refuses to work on a request that looks like HTTP; ForceSecureCookies makes every request HTTPS instead.
        builder.Services.AddOptions<AntiforgeryOptions>().Configure(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    public static CookieSecurePolicy SecurePolicy(ProxyOptions options) =>
        options.ForceSecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    /// <summary>First in the pipeline, so everything after sees the client's address and scheme. Off unless proxies are
    /// listed. With ForceSecureCookies every request counts as HTTPS (the app is only reached through a TLS proxy), so
    /// the cookies, redirects and antiforgery all behave as over HTTPS.</summary>
    public static WebApplication UseNewsProxyHeaders(this WebApplication app)
    {
        var proxy = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        if (proxy.Enabled) app.UseForwardedHeaders();
        if (proxy.ForceSecureCookies)
        {
            app.Use((context, next) =>
            {
                context.Request.Scheme = "https";
                return next(context);
            });
        }
        return app;
    }
}
