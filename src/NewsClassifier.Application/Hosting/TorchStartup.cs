using NewsClassifier.ML.Runtime;

namespace NewsClassifier.Application.Hosting;

/// <summary>Initialises libtorch at start: allocator tuning must precede the first tensor, and a
/// misconfigured device should fail the start, not the first training run an hour later.</summary>
internal sealed class TorchStartup(IOptions<TorchOptions> options, ILogger<TorchStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var info = TorchRuntime.Initialize(options.Value);
        logger.LogInformation(
            "Torch ready: TorchSharp {Version}, device {Device}, {Threads} thread(s), allocator tuned: {Allocator}, native patch: {Patch}",
            info.TorchSharpVersion, info.Device, info.Threads, info.AllocatorTuned, info.NativePatch);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
