using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Imports;
using NewsClassifier.Data.Storage;

namespace NewsClassifier.Application.Tests;

/// <summary>A migrated SQLite file in a fresh temp directory, with the services wired by AddNewsData and AddNewsApplication.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly string SamplePath = NewsClassifier.TestSupport.SampleData.SamplePath;

    private readonly IHost _host;

    private TestDatabase(string directory, IHost host)
    {
        Directory = directory;
        _host = host;
    }

    public string Directory { get; }

    public IServiceProvider Services => _host.Services;

    public DatasetImporter Importer => Services.GetRequiredService<DatasetImporter>();
    public DatasetCatalog Catalog => Services.GetRequiredService<DatasetCatalog>();
    public ArticleQueries Queries => Services.GetRequiredService<ArticleQueries>();
    public DatasetExporter Exporter => Services.GetRequiredService<DatasetExporter>();
    public ImportPreviewer Previewer => Services.GetRequiredService<ImportPreviewer>();

    public static async Task<TestDatabase> CreateAsync(IDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "nc-data-tests-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = directory,
            EnvironmentName = "Testing",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = "./data" });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddNewsData();
        builder.AddNewsApplication();
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        return new TestDatabase(directory, host);
    }

    /// <summary>Writes a file into the test directory and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public Task<ImportResult> ImportAsync(string path, string name = "test", ImportSpec? spec = null) =>
        Importer.ImportAsync(new ImportRequest(path, name, spec ?? new ImportSpec(), Path.GetFileName(path)), null, CancellationToken.None);

    public long Scalar(string sql)
    {
        using var connection = new SqliteConnection(Services.GetRequiredService<DataPaths>().ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    /// <summary>Datasets, labels, articles and search rows: all zero after a refused import.</summary>
    public (long Datasets, long Labels, long Articles, long Search) Counts() =>
        (Scalar("SELECT COUNT(*) FROM Datasets"), Scalar("SELECT COUNT(*) FROM LabelClasses"),
         Scalar("SELECT COUNT(*) FROM Articles"), Scalar("SELECT COUNT(*) FROM ArticleSearch"));

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
