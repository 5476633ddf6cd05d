using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace NewsClassifier.Jobs.Labeling;

public static class LabelingServiceExtensions
{
    public static IHostApplicationBuilder AddNewsLabeling(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ArticleReservations>();
        builder.Services.AddSingleton<LabelingNotifier>();
        builder.Services.AddScoped<AnnotationQueue>();
        builder.Services.AddScoped<LabelSetEditor>();
        builder.Services.AddScoped<ReviewQueue>();
        builder.Services.AddScoped<AgreementReports>();
        builder.Services.AddScoped<LabelingOverview>();
        builder.Services.AddScoped<ModelSuggestions>();
        builder.Services.AddScoped<ScoringQueue>();
        builder.Services.AddTransient<ScoringJob>();
        builder.Services.AddHostedService<ProductionWatcher>();
        return builder;
    }
}
