using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Jobs.Recovery;

namespace NewsClassifier.Jobs;

public static class JobsServiceExtensions
{
    /// <summary>
    /// The application's background work as Hangfire jobs: in-process storage (the embedded default) and one server
    /// per queue, so the training queue's worker count is independent of the default queue's. In-memory storage forgets
    /// jobs on restart: the database stays the source of truth and <see cref="JobRecovery"/> re-queues work that a
    /// restart interrupted. Call after <see cref="ApplicationServiceExtensions.AddNewsApplication"/>.
    /// </summary>
    public static IHostApplicationBuilder AddNewsJobs(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<JobsOptions>(JobsOptions.SectionName);
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());

        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        AddServer(builder, JobQueues.Training, jobs.TrainingWorkers);
        AddServer(builder, JobQueues.Default, jobs.DefaultWorkers);
        AddServer(builder, JobQueues.Webhooks, jobs.WebhookWorkers);

        builder.Services.AddSingleton<IBackgroundWork, HangfireBackgroundWork>();
        builder.Services.AddTransient<TrainingJob>();
        builder.Services.AddTransient<ImportDatasetJob>();
        builder.Services.AddTransient<ImportPretrainedJob>();
        builder.Services.AddTransient<ScoringJob>();
        builder.Services.AddTransient<LabelErrorScanJob>();
        builder.Services.AddTransient<ScheduleFiringJob>();
        builder.Services.AddTransient<ScheduleCheckJob>();
        builder.Services.AddTransient<WebhookDeliveryJob>();
        builder.Services.AddSingleton<HangfireScheduleTimers>();

        builder.Services.AddSingleton<CrashLimit>();
        builder.Services.AddSingleton<IRecoveryHandler, TrainingRecovery>();
        builder.Services.AddSingleton<IRecoveryHandler, ImportRecovery>();
        builder.Services.AddSingleton<IRecoveryHandler, PretrainedRecovery>();
        foreach (var pass in Enum.GetValues<LabelingPass>())
            builder.Services.AddSingleton<IRecoveryHandler>(services => ActivatorUtilities.CreateInstance<LabelingPassRecovery>(services, pass));
        builder.Services.AddSingleton<IRecoveryHandler, FiringRecovery>();
        builder.Services.AddSingleton<RecoveryPass>();
        builder.Services.AddHostedService<JobRecovery>();
        builder.Services.AddHostedService<LeaseSweep>();
        builder.Services.AddHostedService<ScheduleStartup>();
        builder.Services.AddHostedService<WebhookSweep>();
        return builder;
    }

    private static void AddServer(IHostApplicationBuilder builder, string queue, int workers)
    {
        if (workers <= 0) return;
        builder.Services.AddHangfireServer(server =>
        {
            server.ServerName = $"{Environment.MachineName}:{queue}";
            server.Queues = [queue];
            server.WorkerCount = workers;
            // Webhook retries are scheduled jobs (the first after 5 s); Hangfire's default 15 s poll would stretch every
            // backoff by up to 15 s. Polling in-memory storage each second costs nothing.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
    }
}
