using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Data.Storage;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Jobs.Logging;
using NewsClassifier.Jobs.Recovery;
using NewsClassifier.Jobs.Servers;
using NewsClassifier.Jobs.Storage;
using NewsClassifier.ML.Runtime;

namespace NewsClassifier.Jobs;

public static class JobsServiceExtensions
{
    /// <summary>
    /// The application's background work as Hangfire jobs, and one server per queue, so the training queue's worker count
    /// is independent of the default queue's. Beside SQLite the storage is in this process's memory and forgets jobs on
    /// restart: the database stays the source of truth and <see cref="JobRecovery"/> re-queues work that a restart
    /// interrupted. On PostgreSQL it is Hangfire.PostgreSql in the same database (<see cref="JobStore"/>), shared by every
    /// web node and worker. Call after <see cref="ApplicationServiceExtensions.AddNewsApplication"/>.
    /// </summary>
    /// <param name="role">What the servers call this process on the Jobs page: <see cref="JobServerName.WebRole"/> or
    /// <see cref="JobServerName.WorkerRole"/>.</param>
    public static IHostApplicationBuilder AddNewsJobs(this IHostApplicationBuilder builder, string role = JobServerName.WebRole)
    {
        builder.AddValidatedOptions<JobsOptions>(JobsOptions.SectionName);
        builder.Services.AddSingleton(services => JobStore.For(services.GetRequiredService<DatabaseTarget>()));
        builder.Services.AddHangfire((services, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseNewsStorage(services.GetRequiredService<DatabaseTarget>())
            .UseLogProvider(services.GetRequiredService<LiveHostLogProvider.HostAttachment>().Provider));
        builder.Services.AddSingleton<LiveHostLogProvider.HostAttachment>();

        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();
        AddServer(builder, role, JobQueues.Training, jobs.TrainingWorkers);
        AddServer(builder, role, JobQueues.Default, jobs.DefaultWorkers);
        AddServer(builder, role, JobQueues.Webhooks, jobs.WebhookWorkers);

        builder.Services.AddSingleton<IBackgroundWork, HangfireBackgroundWork>();
        builder.Services.AddTransient<TrainingJob>();
        builder.Services.AddTransient<ImportDatasetJob>();
        builder.Services.AddTransient<ImportPretrainedJob>();
        builder.Services.AddTransient<ScoringJob>();
        builder.Services.AddTransient<LabelErrorScanJob>();
        builder.Services.AddTransient<ScheduleFiringJob>();
        builder.Services.AddTransient<ScheduleCheckJob>();
        builder.Services.AddTransient<WebhookDeliveryJob>();
        builder.Services.AddSingleton<JobStop>();
        builder.Services.AddSingleton<HangfireScheduleTimers>();

        builder.Services.AddSingleton<CrashLimit>();
        builder.Services.AddSingleton<Requeue>();
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

    private static void AddServer(IHostApplicationBuilder builder, string role, string queue, int workers)
    {
        if (workers <= 0) return;
        builder.Services.AddHangfireServer((services, server) =>
        {
            // Torch is initialised with this process's options (idempotent; TorchStartup logs it): the name carries the
            // device the server's jobs train on.
            var torch = TorchRuntime.Initialize(services.GetRequiredService<IOptions<TorchOptions>>().Value);
            var device = JobServerName.DescribeDevice(torch, CudaDeviceNames.Read());
            server.ServerName = new JobServerName(Environment.MachineName, role, queue, device).Format();
            server.Queues = [queue];
            server.WorkerCount = workers;
            // Webhook retries are scheduled jobs (the first after 5 s); Hangfire's default 15 s poll would stretch every
            // backoff by up to 15 s. Polling in-memory storage each second costs nothing, PostgreSQL one indexed query.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
    }
}
