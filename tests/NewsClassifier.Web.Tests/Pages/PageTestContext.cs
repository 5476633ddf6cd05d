using Bunit;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MudBlazor.Services;
using NewsClassifier.Data;
using NewsClassifier.Data.Import;
using NewsClassifier.Data.Storage;
using NewsClassifier.Jobs.Imports;
using NewsClassifier.Jobs.Pretrained;
using NewsClassifier.Jobs.Training;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>
/// bUnit context whose pages talk to the real data services on a migrated SQLite file in a temp
/// folder (no mocks); MudBlazor's JS calls are answered loosely.
/// </summary>
public abstract class PageTestContext : BunitContext, IAsyncLifetime
{
    private readonly IHost _host;
    private readonly IServiceScope _scope;

    protected PageTestContext()
    {
        DataDirectory = Directory.CreateTempSubdirectory("nc-bunit-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration["Storage:DataDirectory"] = DataDirectory;
        builder.AddNewsData();
        builder.AddNewsImports();
        builder.AddNewsTraining();
        builder.AddNewsPretrained(recovery: false);
        // Hangfire keeps its log provider in a static; a web host from another test class may have set
        // it to a logger factory that is disposed by now.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        // Pages enqueue through IBackgroundJobClient; jobs are not executed here (no server).
        builder.Services.AddSingleton<JobStorage>(new InMemoryStorage());
        builder.Services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        _host = builder.Build();
        // Pages get scoped services (one scope, like one Blazor circuit).
        _scope = _host.Services.CreateScope();

        Services.AddMudServices();
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected string DataDirectory { get; }

    protected IServiceProvider AppServices => _host.Services;

    public async Task InitializeAsync() => await _host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();

    /// <summary>Imports a small AG News CSV through the real importer and returns the dataset id.</summary>
    protected async Task<int> ImportAsync(string name, string csv)
    {
        var path = Path.Combine(DataDirectory, $"{name}.csv");
        await File.WriteAllTextAsync(path, csv);
        var importer = _host.Services.GetRequiredService<DatasetImporter>();
        var result = await importer.ImportAsync(new ImportRequest(path, name, new ImportSpec(ImportFormat.AgNews), path), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        return result.DatasetId!.Value;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        _scope.Dispose();
        _host.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* the OS temp cleaner takes what is still open */ }
    }
}
