using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NewsClassifier.Web.Health;

public static class HealthServiceExtensions
{
    public static WebApplicationBuilder AddNewsHealthChecks(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<JobServerHealthCheck>("jobs")
            .AddCheck<TorchHealthCheck>("torch");
        return builder;
    }

    /// <summary>GET /healthz (anonymous): JSON with each part's state and details; 503 when any part is down.</summary>
    public static WebApplication MapHealthApi(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = WriteJsonAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).WithName("Health").DisableAntiforgery().AllowAnonymous(); // probes carry no cookie
        return app;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString().ToLowerInvariant(),
            ["durationMs"] = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
        };
        foreach (var (name, entry) in report.Entries)
        {
            var part = new Dictionary<string, object?>
            {
                ["status"] = entry.Status.ToString().ToLowerInvariant(),
                ["description"] = entry.Description,
            };
            foreach (var (key, value) in entry.Data) part[key] = value;
            body[name] = part;
        }
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
