using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace NewsClassifier.Jobs.Pretrained;

public static class PretrainedServiceExtensions
{
    /// <summary>Pretrained checkpoint import: options, hub client, validator (with its replaceable weights check),
    /// queue, job. <paramref name="recovery"/>: re-queue interrupted imports at start (the web app; not the CLI).</summary>
    public static IHostApplicationBuilder AddNewsPretrained(this IHostApplicationBuilder builder, bool recovery = true)
    {
        builder.Services.AddOptions<PretrainedOptions>()
            .BindConfiguration(PretrainedOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PretrainedNotifier>();
        // TryAdd: a stricter check (the BERT loader's tensor names and shapes) registered before this call wins;
        // after it, use services.Replace(ServiceDescriptor.Singleton<IPretrainedWeightsCheck, TheCheck>()).
        builder.Services.TryAddSingleton<IPretrainedWeightsCheck, BertWeightsCheck>();
        builder.Services.AddSingleton<PretrainedFolderValidator>();
        builder.Services.AddSingleton<PretrainedZip>();
        builder.Services.AddSingleton<HubClient>();
        builder.Services.AddScoped<PretrainedQueue>();
        builder.Services.AddTransient<PretrainedImporter>();
        builder.Services.AddTransient<ImportPretrainedJob>();
        if (recovery) builder.Services.AddHostedService<PretrainedRecovery>();
        return builder;
    }
}
