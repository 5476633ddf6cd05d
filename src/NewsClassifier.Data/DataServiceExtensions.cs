using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Data.Datasets;
using NewsClassifier.Data.Import;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Data;

public static class DataServiceExtensions
{
    public const string SqliteMigrationsAssembly = "NewsClassifier.Migrations.Sqlite";

    /// <summary>Storage options, the SQLite database (a context factory: Blazor circuits and jobs each create
    /// short-lived contexts), the migrator, and the dataset services (import, browse, export, delete).</summary>
    public static IHostApplicationBuilder AddNewsData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DataPaths>();
        builder.Services.AddDbContextFactory<NewsDbContext>((services, options) =>
            ConfigureSqlite(options, services.GetRequiredService<DataPaths>().ConnectionString));
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddScoped<NewsClassifier.Data.Snapshots.SnapshotQueries>();

        builder.Services.AddOptions<ImportOptions>()
            .BindConfiguration(ImportOptions.SectionName)
            .Configure<IHostEnvironment>((options, environment) =>
            {
                options.BaseDirectory = environment.ContentRootPath;
                if (options.ServerPathRoots.Count == 0) options.ServerPathRoots.Add(ImportOptions.DefaultServerPathRoot);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Downloads can take minutes: the client's own timeout covers the response headers; FileDownloader
        // enforces an idle timeout on the body. It follows redirects itself (to see Hugging Face's X-Linked-ETag and
        // keep a bearer token from leaving the first host), so the handler must not.
        builder.Services.AddHttpClient(FileDownloader.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(100))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

        // All stateless over the connection string or the context factory: one instance each.
        builder.Services.AddSingleton<SqliteConnections>();
        builder.Services.AddSingleton<ImportPreviewer>();
        builder.Services.AddSingleton<DatasetImporter>();
        builder.Services.AddSingleton<FileDownloader>();
        builder.Services.AddSingleton<DatasetCatalog>();
        builder.Services.AddSingleton<ArticleQueries>();
        builder.Services.AddSingleton<DatasetExporter>();
        builder.Services.AddSingleton<NewsClassifier.Data.Pretrained.PretrainedQueries>();
        return builder;
    }

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly));
}
