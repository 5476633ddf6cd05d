using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewsClassifier.Data.Sql;
using Npgsql;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Data;

public static class DataServiceExtensions
{
    public const string SqliteMigrationsAssembly = "NewsClassifier.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "NewsClassifier.Migrations.PostgreSql";

    /// <summary>Storage options, the database (a context factory: Blazor circuits and jobs each create short-lived
    /// contexts) on the configured provider, the migrator and the provider's <see cref="DatabaseDialect"/> for the raw-SQL paths.</summary>
    public static IHostApplicationBuilder AddNewsData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .Configure<IConfiguration>((storage, configuration) =>
                storage.ConnectionString ??= configuration.GetConnectionString(StorageOptions.ConnectionStringName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DataPaths>();
        builder.Services.AddSingleton(services => TargetOf(
            services.GetRequiredService<IOptions<StorageOptions>>().Value, services.GetRequiredService<DataPaths>()));
        builder.Services.AddDbContextFactory<NewsDbContext>((services, options) =>
            Configure(options, services.GetRequiredService<DatabaseTarget>()));
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton(services => DialectOf(services.GetRequiredService<DatabaseTarget>()));
        return builder;
    }

    /// <summary>The raw-SQL seam for the target (the container disposes PostgreSQL's data source with it).</summary>
    public static DatabaseDialect DialectOf(DatabaseTarget target) => target.IsPostgres
        ? new PostgresDialect(NpgsqlDataSource.Create(target.ConnectionString))
        : new SqliteDialect(target.ConnectionString);

    public static DatabaseTarget TargetOf(StorageOptions storage, DataPaths paths) => storage.Provider switch
    {
        StorageProvider.Postgres => new DatabaseTarget(StorageProvider.Postgres, storage.ConnectionString!),
        _ => new DatabaseTarget(StorageProvider.Sqlite, paths.ConnectionString),
    };

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseTarget target) =>
        target.IsPostgres ? ConfigurePostgres(options, target.ConnectionString) : ConfigureSqlite(options, target.ConnectionString);

    /// <summary>Every context waits for a busy lock in SQLite's own fine-grained handler (<see cref="SqliteBusyTimeout"/>) and
    /// retries transient SQLITE_BUSY/LOCKED (<see cref="SqliteRetryingExecutionStrategy"/>).</summary>
    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite
                .MigrationsAssembly(SqliteMigrationsAssembly)
                .ExecutionStrategy(dependencies => new SqliteRetryingExecutionStrategy(dependencies)))
            .AddInterceptors(SqliteBusyTimeout.Instance);

    /// <summary>PostgreSQL waits for row locks itself, so there is no busy retry to add; EF's retry-on-failure stays off
    /// because it refuses the transactions several services begin outside an execution strategy.</summary>
    public static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, postgres => postgres.MigrationsAssembly(PostgresMigrationsAssembly));
}
