using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using NewsClassifier.Application.Hosting;

namespace NewsClassifier.Web.Hosting;

/// <summary>ASP.NET Core's rate limiter with one fixed-window policy per costly or abusable action
/// (<see cref="RateLimitOptions"/>). A refusal is 429 with Retry-After and a message naming the limit.</summary>
public static class RateLimitPolicies
{
    public const string SignIn = "sign-in";
    public const string Classify = "classify";
    public const string Reports = "reports";
    public const string Exports = "exports";

    public static WebApplicationBuilder AddNewsRateLimits(this WebApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.SectionName);
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.ConfigureFrom<RateLimiterOptions, RateLimitOptions>((limiter, limits) =>
        {
            // Only the form post is an attempt: showing the sign-in page costs nothing and must stay reachable.
            limiter.AddPolicy(SignIn, context => HttpMethods.IsPost(context.Request.Method)
                ? Window($"ip:{IpOf(context)}", limits.SignIn)
                : RateLimitPartition.GetNoLimiter("page"));
            limiter.AddPolicy(Classify, context => Window(UserOrIp(context), limits.Classify));
            limiter.AddPolicy(Reports, context => Window(UserOrIp(context), limits.Reports));
            limiter.AddPolicy(Exports, context => Window(UserOrIp(context), limits.Exports));
            limiter.OnRejected = (rejected, cancellationToken) => RejectAsync(rejected.HttpContext, rejected.Lease, limits, cancellationToken);
        });
        return builder;
    }

    private static RateLimitPartition<string> Window(string key, RateLimitRule rule) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = TimeSpan.FromSeconds(rule.WindowSeconds),
            QueueLimit = 0, // refuse at once: a queued request would hold its connection open for the rest of the window
        });

    /// <summary>Signed-in requests count per user, wherever they come from; anonymous ones (refused later anyway) per address.</summary>
    private static string UserOrIp(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { } name } ? $"user:{name.ToUpperInvariant()}" : $"ip:{IpOf(context)}";

    /// <summary>The client's address; behind a known proxy the forwarded one (<see cref="ProxyOptions"/>).</summary>
    private static string IpOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask RejectAsync(HttpContext context, RateLimitLease lease, RateLimitOptions limits, CancellationToken cancellationToken)
    {
        var (what, rule) = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName switch
        {
            SignIn => ("sign-in attempts from this address", limits.SignIn),
            Classify => ("classification requests", limits.Classify),
            Reports => ("\"this is wrong\" reports", limits.Reports),
            Exports => ("exports", limits.Exports),
            var other => (other ?? "requests", null),
        };
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : rule?.WindowSeconds ?? 60;
        context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var detail = $"Too many {what}: the limit is {rule}. Try again in {retryAfter} s.";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(title: "Too many requests", detail: detail, statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
            return;
        }
        // The sign-in form is a page: a plain sentence reads better in a browser than JSON.
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(detail, cancellationToken);
    }
}
