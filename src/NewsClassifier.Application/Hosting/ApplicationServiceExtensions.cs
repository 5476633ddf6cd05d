using Microsoft.Extensions.DependencyInjection.Extensions;
using NewsClassifier.Application.Activity;
using NewsClassifier.Application.Classification;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Hosting.Notices;
using NewsClassifier.Application.Imports;
using NewsClassifier.Application.Labeling;
using NewsClassifier.Application.Leases;
using NewsClassifier.Application.Outbound;
using NewsClassifier.Application.Overview;
using NewsClassifier.Application.Pretrained;
using NewsClassifier.Application.Registry;
using NewsClassifier.Application.Resources;
using NewsClassifier.Application.Runs;
using NewsClassifier.Application.Schedules;
using NewsClassifier.Application.Snapshots;
using NewsClassifier.Application.Training;
using NewsClassifier.Application.Webhooks;
using NewsClassifier.Domain.Labeling;
using NewsClassifier.Domain.Schedules;
using NewsClassifier.ML.Runtime;

namespace NewsClassifier.Application.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>
    /// Every application service, stage by stage in the order of the data flow. The web app, the CLI and the tests all
    /// register these; what runs work in the background (<see cref="IBackgroundWork"/>) is added by the Jobs layer.
    /// Services are stateless over the context factory (one instance each) unless they hold a request's state (scoped).
    /// </summary>
    public static IHostApplicationBuilder AddNewsApplication(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);

        // Notifications: each kind below that other processes must see travels as a notice on PostgreSQL (LISTEN/NOTIFY,
        // re-read on arrival); on SQLite they stay in this process. Caches every process keeps are invalidated alike.
        builder.AddNotices();
        services.AddSharedNotifier<SharedCacheChange, SharedCacheNotice>();

        // Torch: libtorch is prepared when the host starts, before any job can run.
        builder.AddValidatedOptions<TorchOptions>(TorchOptions.SectionName)
            .Validate(o => o.Threads >= 0, "Torch:Threads must be 0 (libtorch's default) or a positive number.");
        services.AddHostedService<TorchStartup>();

        // Start-up sweep of stale staging files (abandoned uploads, .partial downloads and archive extractions).
        builder.AddValidatedOptions<SweepOptions>(SweepOptions.SectionName);
        services.AddSingleton<StagingSweeper>();
        services.AddSingleton<PartialDatasetSweeper>();
        services.AddHostedService<StagingSweepService>();

        // Resources: every model built from user input is sized against these budgets before anything is allocated.
        builder.AddValidatedOptions<ResourceOptions>(ResourceOptions.SectionName);
        services.AddSingleton<ResourceBudget>();

        // Leases: each piece of background work is held by one process at a time, named by this host's owner identity.
        builder.AddValidatedOptions<LeaseOptions>(LeaseOptions.SectionName);
        services.AddSingleton(_ => LeaseOwner.ForThisProcess());
        services.AddSingleton<WorkLeases>();
        services.AddSingleton<FinalStateWriter>();

        // Imports
        builder.AddValidatedOptions<ImportOptions>(ImportOptions.SectionName)
            .Configure<IHostEnvironment>((options, environment) =>
            {
                options.BaseDirectory = environment.ContentRootPath;
                if (options.ServerPathRoots.Count == 0) options.ServerPathRoots.Add(ImportOptions.DefaultServerPathRoot);
            });
        // Every download (dataset URLs here, hub checkpoints below) goes through the one guarded client.
        builder.AddOutbound();
        services.AddSingleton<ImportPreviewer>();
        services.AddSingleton<DatasetImporter>();
        services.AddSingleton<FileDownloader>();
        services.AddSharedNotifier<ImportStatus, ImportStatusNotice>();
        services.AddScoped<ImportLauncher>();
        services.AddScoped<ImportHistory>();
        services.AddTransient<ImportRunner>();

        // Datasets
        services.AddSingleton<DatasetCatalog>();
        services.AddSingleton<ArticleQueries>();
        services.AddSingleton<DatasetExporter>();

        // Labeling
        services.AddSingleton<ArticleReservations>();
        // A dataset's labelling settings and pass progress: the dataset id travels, the row is re-read.
        services.AddSharedNotifier<LabelingSettings>("newsclassifier_labeling", settings => settings.DatasetId,
            (db, id, cancellationToken) => db.LabelingSettings.AsNoTracking().SingleOrDefaultAsync(s => s.DatasetId == id, cancellationToken));
        services.AddScoped<AnnotationQueue>();
        services.AddScoped<LabelSetEditor>();
        builder.AddValidatedOptions<ReportOptions>(ReportOptions.SectionName);
        services.AddScoped<ReviewQueue>();
        services.AddScoped<AgreementReports>();
        services.AddScoped<LabelingOverview>();
        services.AddScoped<ModelSuggestions>();
        services.AddScoped<ScoringLauncher>();
        services.AddTransient<LabelingPassRunner>();
        services.AddTransient<DatasetScorer>();
        builder.AddValidatedOptions<LabelErrorScanOptions>(LabelErrorScanOptions.SectionName);
        services.AddScoped<LabelErrorScanLauncher>();
        services.AddTransient<LabelErrorScanner>();
        services.AddScoped<RelabelQueue>();
        services.AddHostedService<ProductionWatcher>();

        // Snapshots
        services.AddScoped<SnapshotQueries>();
        services.AddScoped<SnapshotService>();

        // Training
        services.AddSharedNotifier<RunProgress, RunProgressNotice>();
        services.AddScoped<TrainingRequests>();
        services.AddScoped<RunLauncher>();
        services.AddTransient<RunTrainer>();

        // Runs
        services.AddScoped<RunQueries>();
        services.AddScoped<RunTable>();
        services.AddScoped<RunComparison>();
        services.AddScoped<RunCatalog>();

        // Registry. The production alias's notifier stays in-process: the process that moved it queues the re-scoring
        // (durable jobs reach every worker), and other processes learn of the move through the model-choice cache's
        // invalidation (SharedCacheChange), so every node re-scoring once more is avoided.
        services.TryAddSingleton<Notifier<ProductionAliasChange>>();
        services.AddScoped<ModelRegistry>();
        services.AddScoped<ModelArchive>();

        // Pretrained checkpoints. TryAdd: a stricter weights check registered before this call wins; after it, use
        // services.Replace(ServiceDescriptor.Singleton<IPretrainedWeightsCheck, TheCheck>()).
        builder.AddValidatedOptions<PretrainedOptions>(PretrainedOptions.SectionName);
        services.AddSharedNotifier<PretrainedStatus, PretrainedStatusNotice>();
        services.TryAddSingleton<IPretrainedWeightsCheck, BertWeightsCheck>();
        services.AddSingleton<PretrainedFolderValidator>();
        services.AddSingleton<PretrainedZip>();
        services.AddSingleton<HubClient>();
        services.AddSingleton<PretrainedQueries>();
        services.AddScoped<PretrainedRequests>();
        services.AddScoped<PretrainedLauncher>();
        services.AddTransient<PretrainedImporter>();

        // Schedules
        // A schedule created, changed or deleted (a flag on its row) in another process: the id travels, the row is re-read.
        services.AddSharedNotifier<Schedule>("newsclassifier_schedules", schedule => schedule.Id,
            (db, id, cancellationToken) => db.Schedules.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken));
        services.AddScoped<ScheduleService>();
        services.AddScoped<ScheduleTriggers>();
        services.AddScoped<ScheduleApprovals>();
        services.AddTransient<EvaluationSets>();
        services.AddTransient<ScheduleFirer>();

        // Classification
        builder.AddValidatedOptions<InferenceOptions>(InferenceOptions.SectionName);
        services.AddSingleton<ModelCache>();
        services.AddSingleton<ModelChoiceCache>();
        services.AddScoped<ModelResolver>();
        services.AddScoped<ClassificationService>();

        // Webhooks: events of every stage above, signed and sent to the endpoints Admins registered.
        builder.AddWebhooks();

        // The home page's overview and the Jobs list of every kind of background work.
        services.AddScoped<OverviewQueries>();
        services.AddScoped<JobActivityQueries>();
        return builder;
    }

    /// <summary>Binds a configuration section to its options class, checks its data annotations, and fails the start
    /// (not the first request that reads it) when a value is out of range.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IHostApplicationBuilder builder, string section) where T : class =>
        builder.Services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    /// <summary>Sets a framework's options (<typeparamref name="TTarget"/>) from one of ours (<typeparamref name="TSource"/>),
    /// when they are first read: the framework keeps its own options class, ours stays the one place the setting is read.</summary>
    public static IServiceCollection ConfigureFrom<TTarget, TSource>(this IServiceCollection services, Action<TTarget, TSource> configure)
        where TTarget : class where TSource : class
    {
        services.AddOptions<TTarget>().Configure<IOptions<TSource>>((target, source) => configure(target, source.Value));
        return services;
    }
}
