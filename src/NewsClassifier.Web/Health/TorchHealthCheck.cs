using Microsoft.Extensions.Diagnostics.HealthChecks;
using NewsClassifier.ML.Runtime;

namespace NewsClassifier.Web.Health;

internal sealed class TorchHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!TorchRuntime.IsInitialized)
            return Task.FromResult(HealthCheckResult.Unhealthy("libtorch is not initialised"));
        var info = TorchRuntime.Info;
        var data = new Dictionary<string, object>
        {
            ["version"] = info.TorchSharpVersion,
            ["device"] = info.Device,
            ["threads"] = info.Threads,
            ["cudaAvailable"] = info.CudaAvailable,
            ["backend"] = TorchRuntime.BuildBackend,
        };
        return Task.FromResult(HealthCheckResult.Healthy("ready", data));
    }
}
