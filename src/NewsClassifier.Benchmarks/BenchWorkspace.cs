using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Imports;
using NewsClassifier.Data;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Benchmarks;

/// <summary>A temporary data directory with a migrated database, the services from AddNewsData and the dataset services
/// the import and browse benchmarks use (the whole application's registration would bring its hosted services).</summary>
internal sealed class BenchWorkspace : IDisposable
{
    private readonly IHost _host;

    private readonly BenchDatabase? _postgres;
    private readonly string? _postgresDatabase;

    private BenchWorkspace(string directory, IHost host, BenchDatabase? postgres, string? postgresDatabase)
    {
        Directory = directory;
        _host = host;
        _postgres = postgres;
        _postgresDatabase = postgresDatabase;
    }

    public string Directory { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>The settings a web app started on this workspace needs to open the same database.</summary>
    public IReadOnlyDictionary<string, string> StorageSettings { get; private init; } = new Dictionary<string, string>();

    /// <summary><paramref name="configure"/> adds what a benchmark needs beyond AddNewsData (e.g. accounts);
    /// <paramref name="database"/> is SQLite in the workspace folder unless a PostgreSQL server is given.</summary>
    public static async Task<BenchWorkspace> CreateAsync(CancellationToken cancellationToken, Action<IHostApplicationBuilder>? configure = null,
        BenchDatabase? database = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nc-bench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var settings = new Dictionary<string, string> { ["Storage:DataDirectory"] = directory };
        var postgres = database is { Provider: StorageProvider.Postgres } ? database : null;
        var postgresDatabase = postgres is null ? null : await postgres.CreateAsync(cancellationToken);
        if (postgresDatabase is not null)
        {
            settings["Storage:Provider"] = "postgres";
            settings["ConnectionStrings:NewsClassifier"] = postgresDatabase;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Logging.AddFilter(_ => false);
        builder.AddNewsData();
        builder.Services.AddSingleton<DatasetImporter>();
        builder.Services.AddSingleton<ArticleQueries>();
        builder.Services.AddSingleton<DatasetCatalog>();
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        return new BenchWorkspace(directory, host, postgres, postgresDatabase) { StorageSettings = settings };
    }

    public void Dispose()
    {
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        if (_postgres is not null) _postgres.DropAsync(_postgresDatabase!).GetAwaiter().GetResult();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
