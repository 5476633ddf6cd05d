using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Accounts.Tokens;
using NewsClassifier.Data.Sql;
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

    /// <summary>Whether <paramref name="text"/> is stored anywhere: in the SQLite file or its WAL, byte for byte, or on
    /// PostgreSQL in any row of any table (each row read as text).</summary>
    public async Task<bool> StoresAnywhereAsync(string text)
    {
        if (!TestProvider.IsPostgres)
        {
            var file = Path.Combine(DataDirectory, "newsclassifier.db");
            var wal = file + "-wal";
            var stored = System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file))
                + (File.Exists(wal) ? System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync(wal)) : "");
            return stored.Contains(text, StringComparison.Ordinal);
        }
        await using var connection = await Services.GetRequiredService<DatabaseDialect>().OpenAsync(CancellationToken.None);
        var tables = new List<string>();
        await using (var list = connection.Command("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        {
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            await using var command = connection.Command($"SELECT EXISTS (SELECT 1 FROM \"{table}\" t WHERE strpos(t::text, @text) > 0)");
            command.Add("@text", text);
            if (DbCommandExtensions.IsTrue(await command.ExecuteScalarAsync())) return true;
        }
        return false;
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
