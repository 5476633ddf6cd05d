using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NewsClassifier.Web.Health;

/// <summary>Healthy while at least one Hangfire server sends heartbeats to the job storage.</summary>
internal sealed class JobServerHealthCheck(JobStorage storage, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            var now = clock.GetUtcNow().UtcDateTime;
            var alive = monitoring.Servers()
                .Where(s => s.Heartbeat is { } beat && now - beat < MaxHeartbeatAge)
                .ToList();
            var data = new Dictionary<string, object>
            {
                ["storage"] = storage.GetType().Name,
                ["servers"] = alive.Count,
                ["workers"] = alive.Sum(s => s.WorkersCount),
                ["queues"] = alive.SelectMany(s => s.Queues).Distinct().OrderBy(q => q).ToArray(),
            };
            return Task.FromResult(alive.Count > 0
                ? HealthCheckResult.Healthy("running", data)
                : HealthCheckResult.Unhealthy("no job server is running", data: data));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(e.Message, e));
        }
    }
}
