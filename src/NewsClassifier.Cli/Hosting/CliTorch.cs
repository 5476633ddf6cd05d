using Microsoft.Extensions.Options;
using NewsClassifier.ML.Runtime;

namespace NewsClassifier.Cli.Hosting;

/// <summary>Initialises libtorch from the "Torch" settings (the web app's TorchStartup, for a host that is not started).
/// Call it before the first tensor: the first initialisation's options win.</summary>
public sealed class CliTorch(IOptions<TorchOptions> options)
{
    public TorchInfo Initialize() => TorchRuntime.Initialize(options.Value);
}
