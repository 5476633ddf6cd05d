using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Imports;
using NewsClassifier.Domain.Accounts;

namespace NewsClassifier.EndToEnd.Tests;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 (random port) with a fresh data directory, and a headless
/// Debian Chromium. Playwright's own browser download is never used: this machine has no network.
/// An Admin (<see cref="AdminUser"/>) is created through the app's account service at start, and
/// <see cref="OpenAsync"/> signs in through the sign-in page, so the flows run as a signed-in Admin. A subclass may
/// give settings of its own (<see cref="PrepareAsync"/>, e.g. another storage provider) and start processes beside the
/// app (<see cref="StartedAsync"/>), stopping them in <see cref="StoppingAsync"/>.
/// </summary>
public class BrowserApp : IAsyncLifetime
{
    private readonly Factory _factory = new();
    private IPlaywright? _playwright;

    public const string AdminUser = "e2e-admin";
    public const string Password = "browser tests pass phrase";

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";
    public string DataDirectory => _factory.DataDirectory;
    public IServiceProvider Services => _factory.Services;

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NewsClassifier.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (NewsClassifier.sln).");
        }
    }

    /// <summary>../shared/data beside the checkout (the AG News sample and the BERT vocabulary).</summary>
    public static string SharedData(params string[] parts) =>
        Path.Combine(new[] { RepositoryRoot, "..", "shared", "data" }.Concat(parts).ToArray());

    /// <summary>Settings over the test defaults, read before the app starts (none here).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> PrepareAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    /// <summary>After the app and the Admin exist, before the browser starts.</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    /// <summary>Before the app stops.</summary>
    protected virtual Task StoppingAsync() => Task.CompletedTask;

    /// <summary>After the app has stopped.</summary>
    protected virtual Task StoppedAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _factory.Settings = await PrepareAsync();
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUrl = addresses.Addresses.First().TrimEnd('/');
        await CreateUserAsync(AdminUser, AppRoles.Admin);
        await StartedAsync();

        var chromium = FindChromium() ?? throw new InvalidOperationException(
            "Browser tests need Debian's Chromium: apt-get install -y chromium (.ci/run installs it).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = new[]
            {
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            },
        });
    }

    /// <summary>A new page (own cookies), signed in through the sign-in page (as the Admin unless told otherwise),
    /// at <paramref name="path"/> with its Blazor circuit connected.</summary>
    public async Task<IPage> OpenAsync(string path, string userName = AdminUser, string password = Password)
    {
        var page = await Browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await SignInAsync(page, userName, password, path);
        await WaitUntilInteractiveAsync(page);
        return page;
    }

    /// <summary>Fills and submits the sign-in form, then waits to have left it (for <paramref name="returnUrl"/>).</summary>
    public async Task SignInAsync(IPage page, string userName, string password, string returnUrl = "/")
    {
        await page.GotoAsync($"{BaseUrl}/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByTestId("login-user").FillAsync(userName);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    /// <summary>A user with <paramref name="role"/>, through the app's account service.</summary>
    public async Task CreateUserAsync(string userName, string role, string password = Password)
    {
        var users = Services.GetRequiredService<UserAdministration>();
        if (await users.FindAsync(userName) is null) await users.CreateAsync(userName, role, password);
    }

    /// <summary>The first <paramref name="rows"/> articles of the AG News sample as a dataset, through the app's importer.</summary>
    public async Task<int> ImportSampleAsync(string name, int rows)
    {
        var path = Path.Combine(DataDirectory, $"{name}.csv");
        await File.WriteAllLinesAsync(path, File.ReadLines(SharedData("ag_news", "ag_news_sample.csv")).Take(rows + 1));
        using var scope = Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<DatasetImporter>()
            .ImportAsync(new ImportRequest(path, name, new ImportSpec(), path), null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        return result.DatasetId!.Value;
    }

    /// <summary>A MudBlazor text field's input: the test id lands on the input or on its wrapper, depending on the component.</summary>
    public static ILocator Field(IPage page, string testId) =>
        page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;

    public static Task WaitUntilInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        await StoppingAsync();
        _playwright?.Dispose();
        await _factory.DisposeAsync();
        await StoppedAsync();
    }

    private static string? FindChromium()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private sealed class Factory : WebApplicationFactory<Program>
    {
        public string DataDirectory { get; } = Directory.CreateTempSubdirectory("nc-e2e-").FullName;

        public IReadOnlyDictionary<string, string> Settings { get; set; } = new Dictionary<string, string>();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseContentRoot(RepositoryRoot);
            builder.UseEnvironment("Development");
            builder.UseSetting("Storage:DataDirectory", DataDirectory);
            // Every flow signs in from 127.0.0.1, often more than the default 30 sign-ins a minute per address allow;
            // the limit itself is tested in Web.Tests (SignInRateLimitTests).
            builder.UseSetting("RateLimits:SignIn:PermitLimit", "10000");
            // The webhook flow registers a receiver on this machine; every other address rule stays as in production.
            builder.UseSetting("Outbound:AllowedHosts:0", "127.0.0.1");
            foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                try { Directory.Delete(DataDirectory, recursive: true); }
                catch (IOException) { /* a file still open for a moment; the OS temp cleaner takes it */ }
            }
        }
    }
}
