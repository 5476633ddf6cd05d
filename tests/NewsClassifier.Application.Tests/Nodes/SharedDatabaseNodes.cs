using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Hosting.Notices;
using NewsClassifier.Data.Storage;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Application.Tests.Nodes;

/// <summary>
/// Two started hosts (two service providers, as two processes would have) with the application and accounts services
/// on one fresh PostgreSQL database (<see cref="PostgresServer"/>), each with its own data directory: nothing but the
/// database is shared. Both listeners are in place before a test runs.
/// </summary>
public sealed class SharedDatabaseNodes : IAsyncLifetime
{
    private readonly List<IHost> _hosts = new();
    private readonly List<string> _directories = new();

    public string ConnectionString { get; private set; } = "";

    public IServiceProvider A => _hosts[0].Services;

    public IServiceProvider B => _hosts[1].Services;

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync("nc_nodes");
        for (int i = 0; i < 2; i++) _hosts.Add(Build());
        await A.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        foreach (var host in _hosts)
        {
            await host.StartAsync();
            await host.Services.GetRequiredService<NoticeListener>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private IHost Build()
    {
        var directory = Directory.CreateTempSubdirectory("nc-node-").FullName;
        _directories.Add(directory);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["ConnectionStrings:NewsClassifier"] = ConnectionString,
            ["Storage:DataDirectory"] = directory,
            // Long enough that an answer changing within a test can only come from a notice, not from expiry.
            ["Inference:ResolvedModelSeconds"] = "600",
            ["Notices:MinReconnectSeconds"] = "0.1",
            ["Notices:MaxReconnectSeconds"] = "0.5",
        });
        builder.AddNewsData();
        builder.AddNewsApplication();
        builder.AddNewsAccounts();
        return builder.Build();
    }

    /// <summary>The next <typeparamref name="T"/> a node's subscribers get (from any process), matching <paramref name="which"/>.</summary>
    public static async Task<T> NextAsync<T>(IServiceProvider node, Func<T, bool> which, Func<Task> act)
    {
        var notifier = node.GetRequiredService<Notifier<T>>();
        var arrived = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(T payload)
        {
            if (which(payload)) arrived.TrySetResult(payload);
        }
        notifier.Changed += OnChanged;
        try
        {
            await act();
            return await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            notifier.Changed -= OnChanged;
        }
    }

    public async Task<T> InDatabaseAsync<T>(Func<NewsDbContext, Task<T>> work)
    {
        await using var db = await A.GetRequiredService<IDbContextFactory<NewsDbContext>>().CreateDbContextAsync();
        return await work(db);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(timeout.Token);
            host.Dispose();
        }
        if (ConnectionString.Length > 0) await PostgresServer.Shared.DropDatabaseAsync(ConnectionString);
        foreach (var directory in _directories)
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { /* the OS temp cleaner takes the rest */ }
        }
    }
}
