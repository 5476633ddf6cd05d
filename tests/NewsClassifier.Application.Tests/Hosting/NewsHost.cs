using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Data.Storage;
using NewsClassifier.Jobs;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Application.Tests.Hosting;

/// <summary>
/// The application without the web: AddNewsData, AddNewsApplication and AddNewsJobs on a generic host (real
/// Hangfire in-memory job servers, a real database on the test provider (<see cref="TestProvider"/>) migrated by
/// <see cref="DatabaseMigrator"/>, real libtorch), the
/// repository root as content root so appsettings.json applies, and a fresh data directory. As a class fixture it
/// starts once and owns its directory; <see cref="RestartAsync"/> stops this host and starts a new one on the same
/// data directory and database, as a server restart would.
/// </summary>
public sealed class NewsHost : IAsyncLifetime, ITestApp
{
    private readonly bool _ownsDirectory;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private IHost? _host;
    private TestStore? _store;

    public NewsHost() : this(Directory.CreateTempSubdirectory("nc-app-").FullName, ownsDirectory: true, settings: null, store: null) { }

    /// <param name="store">The database of the host this one restarts (null: this host makes and owns one).</param>
    private NewsHost(string dataDirectory, bool ownsDirectory, IReadOnlyDictionary<string, string?>? settings, TestStore? store)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        _settings = settings ?? new Dictionary<string, string?>();
        _store = store;
    }

    /// <summary>A started host on a fresh data directory with <paramref name="settings"/> over appsettings.json
    /// (e.g. "Jobs:DefaultWorkers" = "0": work is queued but no server takes it, as if the process died first).</summary>
    public static async Task<NewsHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new NewsHost(Directory.CreateTempSubdirectory("nc-app-").FullName, ownsDirectory: true, settings, store: null);
        await host.InitializeAsync();
        return host;
    }

    public string DataDirectory { get; }

    public IServiceProvider Services => (_host ?? throw new InvalidOperationException("The host is not running.")).Services;

    public async Task InitializeAsync()
    {
        _store ??= await TestProvider.CreateStoreAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = SampleData.RepositoryRoot,
            EnvironmentName = "Development",
            ApplicationName = typeof(NewsHost).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = DataDirectory,
            ["Import:ServerPathRoots:0"] = DataDirectory,
            // Tests download from local servers (LocalHub redirects to "localhost" as its CDN); by default both are refused.
            ["Outbound:AllowedHosts:0"] = "127.0.0.1",
            ["Outbound:AllowedHosts:1"] = "localhost",
        });
        builder.Configuration.AddInMemoryCollection(_store.Settings);
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.AddNewsData();
        builder.AddNewsApplication();
        builder.AddNewsJobs();
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await host.StartAsync();
        _host = host;
    }

    /// <summary>Stops this host (its job servers too) and starts a new one on the same data directory with
    /// <paramref name="settings"/> (default: appsettings.json alone). The caller disposes both; the directory stays
    /// this host's.</summary>
    public async Task<NewsHost> RestartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        await StopAsync();
        var next = new NewsHost(DataDirectory, ownsDirectory: false, settings, _store);
        await next.InitializeAsync();
        return next;
    }

    /// <summary>Stops and disposes the host; what it wrote stays on disk.</summary>
    public async Task StopAsync()
    {
        if (_host is null) return;
        var host = _host;
        _host = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token);
        host.Dispose();
        SqliteConnection.ClearAllPools();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (!_ownsDirectory) return;
        if (_store is not null) await _store.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* SQLite may still hold the WAL file for a moment; the OS temp cleaner takes it. */ }
    }
}
