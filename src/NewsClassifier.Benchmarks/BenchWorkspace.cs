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

    private BenchWorkspace(string directory, IHost host)
    {
        Directory = directory;
        _host = host;
    }

    public string Directory { get; }

    public IServiceProvider Services => _host.Services;

    public string ConnectionString => Services.GetRequiredService<DataPaths>().ConnectionString;

    /// <summary><paramref name="configure"/> adds what a benchmark needs beyond AddNewsData (e.g. accounts).</summary>
    public static async Task<BenchWorkspace> CreateAsync(CancellationToken cancellationToken, Action<IHostApplicationBuilder>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nc-bench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = directory });
        builder.Logging.AddFilter(_ => false);
        builder.AddNewsData();
        builder.Services.AddSingleton<DatasetImporter>();
        builder.Services.AddSingleton<ArticleQueries>();
        builder.Services.AddSingleton<DatasetCatalog>();
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        return new BenchWorkspace(directory, host);
    }

    public void Dispose()
    {
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
