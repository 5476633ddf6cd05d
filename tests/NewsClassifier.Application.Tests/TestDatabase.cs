using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Application.Datasets;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Imports;
using NewsClassifier.Data.Sql;
using NewsClassifier.Data.Storage;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Application.Tests;

/// <summary>A migrated database on the test provider (<see cref="TestProvider"/>: a SQLite file in a fresh temp directory, or a fresh
/// PostgreSQL database), with the services wired by AddNewsData and AddNewsApplication.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly string SamplePath = NewsClassifier.TestSupport.SampleData.SamplePath;

    private readonly IHost _host;
    private readonly TestStore _store;

    private TestDatabase(string directory, IHost host, TestStore store)
    {
        Directory = directory;
        _host = host;
        _store = store;
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
        var store = await TestProvider.CreateStoreAsync();
        builder.Configuration.AddInMemoryCollection(store.Settings);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddNewsData();
        builder.AddNewsApplication();
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        return new TestDatabase(directory, host, store);
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

    /// <summary>Runs SQL on a raw connection of the provider (write identifiers double-quoted, so both providers read it).</summary>
    public long Scalar(string sql)
    {
        using var connection = Services.GetRequiredService<DatabaseDialect>().Open();
        using var command = connection.Command(sql);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    /// <summary>Search-index entries: rows of the FTS5 table on SQLite, articles with a search vector on PostgreSQL.</summary>
    public long SearchRows() => Scalar(SearchRowsSql);

    public static string SearchRowsSql => TestProvider.IsPostgres
        ? "SELECT COUNT(*) FROM \"Articles\" WHERE \"SearchVector\" IS NOT NULL"
        : "SELECT COUNT(*) FROM ArticleSearch";

    /// <summary>How many articles of any dataset (Importing ones too) the provider's full-text index finds for <paramref name="search"/>.</summary>
    public long SearchCount(string search)
    {
        var clause = Services.GetRequiredService<DatabaseDialect>().Search(search) ?? throw new ArgumentException("No word to search for.", nameof(search));
        using var connection = Services.GetRequiredService<DatabaseDialect>().Open();
        using var command = connection.Command($"SELECT COUNT(*) FROM {clause.From} WHERE {clause.Condition}").With(clause.Parameters);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    /// <summary>Datasets, labels, articles and search rows: all zero after a refused import.</summary>
    public (long Datasets, long Labels, long Articles, long Search) Counts() =>
        (Scalar("SELECT COUNT(*) FROM \"Datasets\""), Scalar("SELECT COUNT(*) FROM \"LabelClasses\""),
         Scalar("SELECT COUNT(*) FROM \"Articles\""), SearchRows());

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await _store.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
