using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace NewsClassifier.Jobs.Imports;

public static class ImportServiceExtensions
{
    public static IHostApplicationBuilder AddNewsImports(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ImportNotifier>();
        builder.Services.AddScoped<ImportQueue>();
        builder.Services.AddScoped<ImportHistory>();
        builder.Services.AddTransient<ImportDatasetJob>();
        builder.Services.AddHostedService<ImportRecovery>();
        return builder;
    }
}
