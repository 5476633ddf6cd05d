using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace NewsClassifier.Jobs.Registry;

public static class RegistryServiceExtensions
{
    public static IHostApplicationBuilder AddNewsRegistry(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ProductionAliasNotifier>();
        builder.Services.AddScoped<ModelRegistry>();
        builder.Services.AddScoped<ModelArchive>();
        return builder;
    }
}
