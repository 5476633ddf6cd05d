using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MudBlazor.Services;
using NewsClassifier.Application.Accounts;
using NewsClassifier.Application.Hosting;
using NewsClassifier.Application.Imports;
using NewsClassifier.Data;
using NewsClassifier.Data.Storage;
using NewsClassifier.Jobs;
using NewsClassifier.Web.Accounts;

namespace NewsClassifier.Web.Tests.Pages;

/// <summary>
/// bUnit context whose pages talk to the real data services on a migrated SQLite file in a temp
/// folder (no mocks); MudBlazor's JS calls are answered loosely. The signed-in user is an Admin named "test-admin"
/// unless a test calls <see cref="SignInAs"/>; pages evaluate the app's real policies (<see cref="Policies"/>) for it.
/// Rendering a page directly skips its [Authorize] attribute, as a crafted circuit event would: what these tests see
/// for a lesser role is the server-side check inside the page.
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
        builder.AddNewsApplication();
        builder.AddNewsAccounts();
        // Hangfire keeps its log provider in a static; a web host from another test class may have set
        // it to a logger factory that is disposed by now.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        // Pages queue work through Hangfire; jobs are not executed here (no server).
        // The app's own job wiring; the host is never started, so its job servers and recovery do not run.
        builder.AddNewsJobs();
        _host = builder.Build();
        // Pages get scoped services (one scope, like one Blazor circuit).
        _scope = _host.Services.CreateScope();

        Services.AddMudServices();
        UseAppPolicies(Services, Authentication);
        Services.AddFallbackServiceProvider(_scope.ServiceProvider);
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected string DataDirectory { get; }

    /// <summary>The app's real policy evaluation for <paramref name="authentication"/>'s user, in place of bUnit's placeholders.</summary>
    public static void UseAppPolicies(IServiceCollection services, TestAuthentication authentication)
    {
        services.AddAuthorizationCore(Policies.Configure);
        services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
        services.Replace(ServiceDescriptor.Transient<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>());
        services.AddCascadingAuthenticationState();
        services.AddSingleton(authentication);
        services.AddSingleton<AuthenticationStateProvider>(authentication);
        services.AddScoped<CurrentUser>();
    }

    protected TestAuthentication Authentication { get; } = new(TestAuthentication.Principal("test-admin", AppRoles.Admin));

    /// <summary>The user the rendered pages see from now on (null: nobody signed in).</summary>
    protected void SignInAs(string? userName, string? role = null, bool canReview = false) =>
        Authentication.Set(userName is null ? new ClaimsPrincipal(new ClaimsIdentity()) : TestAuthentication.Principal(userName, role, canReview));

    protected IServiceProvider AppServices => _host.Services;

    /// <summary>The scope the rendered pages resolve from (one Blazor circuit's scoped services).</summary>
    protected IServiceProvider CircuitServices => _scope.ServiceProvider;

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

/// <summary>The authentication state a Blazor circuit would have, settable per test (the claims the cookie carries:
/// name, role, and the "can review" claim).</summary>
public sealed class TestAuthentication(ClaimsPrincipal user) : AuthenticationStateProvider
{
    private ClaimsPrincipal _user = user;

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));

    public void Set(ClaimsPrincipal user)
    {
        _user = user;
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public static ClaimsPrincipal Principal(string userName, string? role, bool canReview = false)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, userName) };
        if (role is not null) claims.Add(new Claim(ClaimTypes.Role, role));
        if (canReview) claims.Add(new Claim(AppClaims.CanReview, "true"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Test"));
    }
}
