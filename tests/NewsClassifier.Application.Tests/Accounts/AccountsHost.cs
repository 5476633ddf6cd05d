using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Data.Storage;
using NewsClassifier.TestSupport.Databases;

namespace NewsClassifier.Application.Tests.Accounts;

/// <summary>The accounts services as the web app and the CLI wire them (AddNewsData, AddNewsAccounts) on a migrated
/// database of the test provider (<see cref="TestProvider"/>) in a fresh directory, with a hand-moved clock.</summary>
public sealed class AccountsHost : IAsyncLifetime
{
    private IHost? _host;
    private TestStore? _store;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("nc-accounts-").FullName;

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public IServiceProvider Services => _host!.Services;

    public ApiTokens Tokens => Services.GetRequiredService<ApiTokens>();

    public UserAdministration Users => Services.GetRequiredService<UserAdministration>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = DataDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = DataDirectory });
        _store = await TestProvider.CreateStoreAsync();
        builder.Configuration.AddInMemoryCollection(_store.Settings);
        builder.AddNewsData();
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.AddNewsAccounts();
        _host = builder.Build();
        await Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task<string> UserAsync(string role, bool canReview = false)
    {
        var name = $"{role.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}";
        await Users.CreateAsync(name, role, "correct horse battery staple");
        if (canReview) await Users.SetCanReviewAsync(name, true, actingUser: null);
        return name;
    }

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        SqliteConnection.ClearAllPools();
        if (_store is not null) await _store.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { /* the OS temp cleaner takes what SQLite still holds */ }
    }
}
