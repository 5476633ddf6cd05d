using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Jobs.Imports;
using NewsClassifier.Jobs.Inference;
using NewsClassifier.Jobs.Pretrained;
using NewsClassifier.Jobs.Labeling;
using NewsClassifier.Jobs.Registry;
using NewsClassifier.Jobs.Torch;
using NewsClassifier.Jobs.Training;

namespace NewsClassifier.Jobs.Hosting;

public static class JobsServiceExtensions
{
    /// <summary>
    /// Hangfire with in-process storage (the embedded default) and one server per queue, so the
    /// training queue's worker count is independent of the default queue's. In-memory storage forgets
    /// jobs on restart: the database stays the source of truth and <see cref="ImportRecovery"/>
    /// re-queues work that a restart interrupted.
    /// </summary>
    public static IHostApplicationBuilder AddNewsJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());

        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.TrainingWorkers > 0)
        {
            builder.Services.AddHangfireServer(server =>
            {
                server.ServerName = $"{Environment.MachineName}:training";
                server.Queues = new[] { JobQueues.Training };
                server.WorkerCount = jobs.TrainingWorkers;
            });
        }
        if (jobs.DefaultWorkers > 0)
        {
            builder.Services.AddHangfireServer(server =>
            {
                server.ServerName = $"{Environment.MachineName}:default";
                server.Queues = new[] { JobQueues.Default };
                server.WorkerCount = jobs.DefaultWorkers;
            });
        }

        builder.AddNewsTorch();
        builder.AddNewsImports();
        builder.AddNewsTraining();
        builder.AddNewsInference();
        builder.AddNewsRegistry();
        builder.AddNewsPretrained();
        builder.AddNewsLabeling();
        return builder;
    }
}
