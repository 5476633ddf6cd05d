using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NewsClassifier.Data;

namespace NewsClassifier.Web.Health;

internal sealed class DatabaseHealthCheck(IDbContextFactory<NewsDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            var data = new Dictionary<string, object>
            {
                ["provider"] = db.Database.ProviderName ?? "unknown",
                ["pendingMigrations"] = pending,
            };
            // Tables may not exist yet: say what is missing instead of failing on a query.
            if (pending > 0) return HealthCheckResult.Unhealthy($"{pending} migration(s) not applied", data: data);
            data["datasets"] = await db.Datasets.CountAsync(cancellationToken);
            return HealthCheckResult.Healthy("reachable", data);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy(e.Message, e);
        }
    }
}
