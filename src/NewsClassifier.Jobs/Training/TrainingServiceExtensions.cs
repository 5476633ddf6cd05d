using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace NewsClassifier.Jobs.Training;

public static class TrainingServiceExtensions
{
    public static IHostApplicationBuilder AddNewsTraining(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TrainingNotifier>();
        builder.Services.AddScoped<TrainingQueue>();
        builder.Services.AddScoped<RunQueries>();
        builder.Services.AddScoped<RunTable>();
        builder.Services.AddScoped<RunComparison>();
        builder.Services.AddScoped<RunCatalog>();
        builder.Services.AddScoped<NewsClassifier.Jobs.Snapshots.SnapshotService>();
        builder.Services.AddTransient<TrainingJob>();
        builder.Services.AddHostedService<TrainingRecovery>();
        return builder;
    }
}
