using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsClassifier.ML.Runtime;

namespace NewsClassifier.Jobs.Torch;

public static class TorchServiceExtensions
{
    /// <summary>Binds "Torch" and prepares libtorch when the host starts, before any job can run.</summary>
    public static IHostApplicationBuilder AddNewsTorch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TorchOptions>()
            .BindConfiguration(TorchOptions.SectionName)
            .Validate(o => o.Threads >= 0, "Torch:Threads must be 0 (libtorch's default) or a positive number.")
            .ValidateOnStart();
        builder.Services.AddHostedService<TorchStartup>();
        return builder;
    }
}
