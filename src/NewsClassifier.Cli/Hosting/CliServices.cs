using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewsClassifier.Jobs.Inference;
using NewsClassifier.Jobs.Pretrained;
using NewsClassifier.Jobs.Registry;
using NewsClassifier.Jobs.Torch;
using NewsClassifier.Jobs.Training;
using NewsClassifier.ML.Runtime;

namespace NewsClassifier.Cli.Hosting;

public static class CliServices
{
    /// <summary>
    /// Training and inference as the web app registers them, minus Hangfire (no storage, no servers). The CLI builds
    /// its host but never starts it, so the hosted services these registrations add (Torch start-up, training
    /// recovery) do not run: recovery belongs to the web app, and commands that use Torch call <see cref="CliTorch"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCliJobs(this IHostApplicationBuilder builder)
    {
        builder.AddNewsTorch();
        builder.AddNewsTraining();
        builder.AddNewsInference();
        builder.AddNewsRegistry();
        builder.AddNewsPretrained(recovery: false);
        builder.Services.TryAddSingleton<IBackgroundJobClient, HeadlessJobClient>();
        builder.Services.AddSingleton<CliTorch>();
        return builder;
    }
}

/// <summary>Initialises libtorch from the "Torch" settings (the web app's TorchStartup, for a host that is not started).
/// Call it before the first tensor: the first initialisation's options win.</summary>
public sealed class CliTorch(IOptions<TorchOptions> options)
{
    public TorchInfo Initialize() => TorchRuntime.Initialize(options.Value);
}
