using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Data.Search;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Data;

public static class DataServiceExtensions
{
    public const string SqliteMigrationsAssembly = "NewsClassifier.Migrations.Sqlite";

    /// <summary>Storage options, the SQLite database (a context factory: Blazor circuits and jobs each create
    /// short-lived contexts), the migrator and the raw connections the full-text index uses.</summary>
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
        builder.Services.AddSingleton<SqliteConnections>();
        return builder;
    }

    /// <summary>Every context waits for a busy lock in SQLite's own fine-grained handler (<see cref="SqliteBusyTimeout"/>) and
    /// retries transient SQLITE_BUSY/LOCKED (<see cref="SqliteRetryingExecutionStrategy"/>).</summary>
    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite
                .MigrationsAssembly(SqliteMigrationsAssembly)
                .ExecutionStrategy(dependencies => new SqliteRetryingExecutionStrategy(dependencies)))
            .AddInterceptors(SqliteBusyTimeout.Instance);
}
