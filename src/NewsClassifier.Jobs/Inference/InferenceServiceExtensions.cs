using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NewsClassifier.Jobs.Inference;

public static class InferenceServiceExtensions
{
    public static IHostApplicationBuilder AddNewsInference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InferenceOptions>()
            .BindConfiguration(InferenceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ModelCache>();
        builder.Services.AddScoped<ClassificationService>();
        return builder;
    }
}
